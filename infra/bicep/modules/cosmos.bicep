// Azure Cosmos DB for NoSQL, serverless, with key authentication off: Festa's database and
// containers (every one partitioned on /pk; sessions expire through per-item TTL).

@description('Name of the Cosmos DB account.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags object

@description('Name of Festa\'s database.')
param databaseName string

// Container settings beyond the shared partition key.
var containers = [
  { name: 'members', settings: {} }
  // defaultTtl -1: TTL is on, but an item lives until its own "ttl" runs out (sessions carry one).
  { name: 'sessions', settings: { defaultTtl: -1 } }
  { name: 'events', settings: {} }
  { name: 'eventIndex', settings: {} }
  { name: 'notifications', settings: {} }
  // Rate-limit counters carry their own "ttl" (the end of their window).
  { name: 'rateLimits', settings: { defaultTtl: -1 } }
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    capabilities: [
      { name: 'EnableServerless' }
    ]
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for container in containers: {
    parent: database
    name: container.name
    properties: {
      resource: {
        id: container.name
        partitionKey: {
          paths: [
            '/pk'
          ]
          kind: 'Hash'
          version: 2
        }
        ...container.settings
      }
    }
  }
]

@description('Name of the account.')
output name string = account.name

@description('Document endpoint, e.g. https://<name>.documents.azure.com:443/.')
output endpoint string = account.properties.documentEndpoint
