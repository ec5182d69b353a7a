// Festa on Azure: a Flex Consumption function app that reaches Storage, Cosmos DB and Application
// Insights through one user-assigned managed identity. No keys, connection strings or passwords
// anywhere. Deploy into a resource group: see README.md beside this file.
targetScope = 'resourceGroup'

@description('Base name of every resource; a hash of the subscription, group and this name keeps global names unique.')
@minLength(3)
@maxLength(16)
param name string = 'festa'

@description('Azure region (one that offers Flex Consumption). Defaults to the resource group\'s.')
param location string = resourceGroup().location

@description('Where Festa keeps its state: Azure Table Storage or Azure Cosmos DB for NoSQL (serverless).')
@allowed([
  'table'
  'cosmos'
])
param store string = 'table'

@description('Memory of each function app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Concurrent HTTP requests one instance takes before the platform adds another.')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 16

@description('Always-ready instances for HTTP (0 = none, pure scale from zero). Raise it ahead of a scheduled opening so the first wave of logins and sign-ups meets warm instances; billed while they are ready.')
@minValue(0)
@maxValue(1000)
param httpAlwaysReadyInstances int = 0

@description('Origins (e.g. https://festa.example.org) allowed to call the API from a browser. Empty: none.')
param corsAllowedOrigins string[] = []

@description('Whether CORS responses allow credentials (the session cookie) from those origins.')
param corsSupportCredentials bool = false

@description('Object id of a developer (principalType User) to grant the same data roles as the app, e.g. $(az ad signed-in-user show --query id -o tsv). Empty: none.')
param principalId string = ''

@description('NCRONTAB schedule (UTC) of the morning "starts today" reminders.')
param remindersSchedule string = '0 0 7 * * *'

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Tags for every resource.')
param tags object = {
  application: 'festa'
}

// Must match the project's target framework (net10.0).
var dotnetVersion = '10.0'
var isCosmos = store == 'cosmos'
var token = toLower(uniqueString(subscription().id, resourceGroup().id, name))
var names = {
  identity: 'id-${name}-${token}'
  logAnalytics: 'log-${name}-${token}'
  applicationInsights: 'appi-${name}-${token}'
  storage: take('st${toLower(replace(name, '-', ''))}${token}', 24)
  cosmos: 'cosmos-${name}-${token}'
  plan: 'plan-${name}-${token}'
  functionApp: 'func-${name}-${token}'
}
var deploymentContainerName = 'app-package'

// Festa's Table store: "Festa:Table:TablePrefix" + these names (Festa.AzureStorage.Tables).
var tablePrefix = 'Festa'

// Event changes go through this queue to the FanOutEventChanges function; the host parks failures in -poison.
var eventChangesQueue = 'festa-event-changes'
var tableNames = [
  for table in [
    'Members'
    'Sessions'
    'MemberSessions'
    'Events'
    'EventListing'
    'MemberSignups'
    'EventTitles'
    'Notifications'
    'RateLimits'
    'Idempotency'
  ]: '${tablePrefix}${table}'
]
var cosmosDatabaseName = 'festa'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
    // The identity's object id is known only once it exists; role assignment names must include it
    // (a recreated identity gets a new one), so What-If cannot predict these names in advance.
    #disable-next-line what-if-short-circuiting
    publisherPrincipalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    tableNames: isCosmos ? [] : tableNames
    queueNames: [eventChangesQueue, '${eventChangesQueue}-poison']
  }
}

module storageRoles 'modules/storage-roles.bicep' = {
  name: 'storage-roles'
  params: {
    storageAccountName: names.storage
    // The identity's object id is known only once it exists; role assignment names must include it
    // (a recreated identity gets a new one), so What-If cannot predict these names in advance.
    #disable-next-line what-if-short-circuiting
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
  }
  dependsOn: [
    storage
  ]
}

module developerStorageRoles 'modules/storage-roles.bicep' = if (!empty(principalId)) {
  name: 'developer-storage-roles'
  params: {
    storageAccountName: names.storage
    principalId: principalId
    principalType: 'User'
  }
  dependsOn: [
    storage
  ]
}

module cosmos 'modules/cosmos.bicep' = if (isCosmos) {
  name: 'cosmos'
  params: {
    name: names.cosmos
    location: location
    tags: tags
    databaseName: cosmosDatabaseName
  }
}

module cosmosRoles 'modules/cosmos-roles.bicep' = if (isCosmos) {
  name: 'cosmos-roles'
  params: {
    cosmosAccountName: names.cosmos
    // The identity's object id is known only once it exists; role assignment names must include it
    // (a recreated identity gets a new one), so What-If cannot predict these names in advance.
    #disable-next-line what-if-short-circuiting
    principalId: identity.outputs.principalId
  }
  dependsOn: [
    cosmos
  ]
}

module developerCosmosRoles 'modules/cosmos-roles.bicep' = if (isCosmos && !empty(principalId)) {
  name: 'developer-cosmos-roles'
  params: {
    cosmosAccountName: names.cosmos
    principalId: principalId
  }
  dependsOn: [
    cosmos
  ]
}

// Identity-based connections. Each key is one the code or the Functions host reads
// ("__" in an app setting is ":" in .NET configuration).
var storageSettings = {
  // The Functions host's own storage (leases, timers, keys).
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.outputs.clientId
  AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
  AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
  AzureWebJobsStorage__tableServiceUri: storage.outputs.tableEndpoint
  // Festa's storage connection (StorageConnection.SectionName): tables, queues, posters; also the
  // Connection of Festa's queue triggers, hence "credential" for the host.
  FestaStorage__credential: 'managedidentity'
  FestaStorage__clientId: identity.outputs.clientId
  FestaStorage__blobServiceUri: storage.outputs.blobEndpoint
  FestaStorage__queueServiceUri: storage.outputs.queueEndpoint
  FestaStorage__tableServiceUri: storage.outputs.tableEndpoint
  Festa__Table__TablePrefix: tablePrefix
  // This template creates the tables (and containers); instances need not re-create them at every cold start.
  Festa__Table__CreateTablesOnStartup: 'false'
  Festa__Store: isCosmos ? 'Cosmos' : 'Table'
  // Resolved by the Functions host for the queue and timer triggers (%Festa:Queues:EventChanges%, %Festa:Reminders:Schedule%).
  Festa__Queues__EventChanges: eventChangesQueue
  // The storage module declares the queue (and its poison queue); instances need not create it at start-up.
  Festa__Queues__CreateOnStartup: 'false'
  Festa__Reminders__Schedule: remindersSchedule
  // The platform's front end writes X-Forwarded-For: per-client rate limits use it (Festa.Functions.Http.ClientAddress).
  Festa__Http__TrustForwardedFor: 'true'
  // Telemetry with an Entra ID token: the component accepts nothing else.
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
}

// The CORS origins are also the browser origins whose unsafe cookie-authenticated requests Festa accepts
// (Festa:Http:AllowedOrigins, Festa.Functions.Http.CrossSiteRequests): one list, set once.
var allowedOriginSettings = toObject(
  range(0, length(corsAllowedOrigins)),
  i => 'Festa__Http__AllowedOrigins__${i}',
  i => corsAllowedOrigins[i]
)

var cosmosSettings = isCosmos
  ? {
      FestaCosmos__accountEndpoint: cosmos.?outputs.endpoint ?? ''
      FestaCosmos__clientId: identity.outputs.clientId
      Festa__Cosmos__DatabaseName: cosmosDatabaseName
      Festa__Cosmos__CreateOnStartup: 'false'
    }
  : {}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    // `azd deploy` finds the resource to deploy azure.yaml's service "api" to by this tag.
    siteTags: {
      'azd-service-name': 'api'
    }
    identityId: identity.outputs.id
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainerName}'
    dotnetVersion: dotnetVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    httpPerInstanceConcurrency: httpPerInstanceConcurrency
    httpAlwaysReadyInstances: httpAlwaysReadyInstances
    corsAllowedOrigins: corsAllowedOrigins
    corsSupportCredentials: corsSupportCredentials
    appSettings: union(storageSettings, cosmosSettings, allowedOriginSettings)
  }
  // The host starts with its data roles in place (no failed first start while they propagate in).
  dependsOn: [
    storageRoles
    cosmosRoles
  ]
}

@description('Name of the function app (for func azure functionapp publish / az functionapp deployment).')
output functionAppName string = functionApp.outputs.name

@description('Base URL of the API.')
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('Where Festa keeps its state: the Table endpoint or the Cosmos DB endpoint.')
output storeEndpoint string = isCosmos ? cosmos.?outputs.endpoint ?? '' : storage.outputs.tableEndpoint
