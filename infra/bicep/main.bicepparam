// Defaults for one Festa deployment. Override any of them on the command line, e.g.
//   az deployment group create -g rg-festa -f infra/bicep/main.bicep -p infra/bicep/main.bicepparam -p store=cosmos
using 'main.bicep'

param name = 'festa'
param store = 'table'
param instanceMemoryMB = 2048
param maximumInstanceCount = 100
param httpPerInstanceConcurrency = 16
param httpAlwaysReadyInstances = 0
param corsAllowedOrigins = []
param corsSupportCredentials = false
param principalId = ''
param remindersSchedule = '0 0 7 * * *'
param logRetentionInDays = 30
