// The one user-assigned managed identity the function app runs as. Every data-plane permission
// Festa has is a role assignment to this identity; nothing uses keys.

@description('Name of the identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id, for the function app\'s identity block and the deployment storage authentication.')
output id string = identity.id

@description('Client id: selects this identity in DefaultAzureCredential and the Functions host.')
output clientId string = identity.properties.clientId

@description('Object (principal) id: the role assignments\' principal.')
output principalId string = identity.properties.principalId
