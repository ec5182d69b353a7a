// Data-plane roles on the storage account for one principal: the app's managed identity, or the
// developer who deploys (principalType User) so they can run Festa locally against the same account.

@description('Name of the existing storage account.')
param storageAccountName string

@description('Principal (object) id to grant the roles to.')
param principalId string

@description('Kind of principal.')
@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param principalType string

// Built-in roles, least privilege for what Festa and the Functions host do with the account.
var roles = {
  // Deployment package (Flex Consumption), host leases and keys, event posters.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Host queues and Festa's notification queues (queue triggers included).
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Festa's tables (Table store) and the ones the host keeps.
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in items(roles): {
    name: guid(account.id, principalId, subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value))
    scope: account
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    }
  }
]
