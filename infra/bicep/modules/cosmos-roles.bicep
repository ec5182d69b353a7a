// Cosmos DB data-plane access for one principal through the account's own RBAC
// (sqlRoleAssignments; Azure RBAC roles do not reach Cosmos data when local auth is off).

@description('Name of the existing Cosmos DB account.')
param cosmosAccountName string

@description('Principal (object) id to grant the role to.')
param principalId string

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: cosmosAccountName
}

// Built-in "Cosmos DB Built-in Data Contributor": read and write items, run queries.
resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions@2024-11-15' existing = {
  parent: account
  name: '00000000-0000-0000-0000-000000000002'
}

resource assignment 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, principalId, dataContributor.id)
  properties: {
    principalId: principalId
    roleDefinitionId: dataContributor.id
    scope: account.id
  }
}
