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

// The event listing filters on kind and optionally category, cityKey, districtKey (equality), then orders by
// id; its ORDER BY names the filtered properties first, and each such ORDER BY needs its composite index
// (ListingDocument.IndexedOrders in Festa.Cosmos; the app's start-up check reports a missing one).
var listingOrders = [
  ['kind', 'id']
  ['kind', 'category', 'id']
  ['kind', 'cityKey', 'id']
  ['kind', 'category', 'cityKey', 'id']
  ['kind', 'districtKey', 'id']
  ['kind', 'category', 'districtKey', 'id']
  ['kind', 'cityKey', 'districtKey', 'id']
  ['kind', 'category', 'cityKey', 'districtKey', 'id']
]

// Container settings beyond the shared partition key.
var containers = [
  { name: 'members', settings: {} }
  // defaultTtl -1: TTL is on, but an item lives until its own "ttl" runs out (sessions carry one).
  { name: 'sessions', settings: { defaultTtl: -1 } }
  { name: 'events', settings: {} }
  {
    name: 'eventIndex'
    settings: {
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [{ path: '/*' }]
        compositeIndexes: map(listingOrders, order => map(order, p => { path: '/${p}', order: 'ascending' }))
      }
    }
  }
  { name: 'notifications', settings: {} }
  // Rate-limit counters carry their own "ttl" (the end of their window).
  { name: 'rateLimits', settings: { defaultTtl: -1 } }
  // Idempotency records carry their own "ttl" (the end of their retention).
  { name: 'idempotency', settings: { defaultTtl: -1 } }
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
    // Strong: every read sees the last committed write, whichever instance (CosmosClient) wrote it, so a
    // logout or revoke on one instance is seen by the next request on any other. Session would only
    // promise that to the writer's own client. Single region, so no cross-region write latency; reads
    // cost twice the RU of Session ("Consistency levels in Azure Cosmos DB": local-minority reads),
    // writes cost the same. The client keeps the account default (CosmosClientFactory).
    consistencyPolicy: {
      defaultConsistencyLevel: 'Strong'
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
