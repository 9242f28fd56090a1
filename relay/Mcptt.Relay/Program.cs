using Mcptt.Relay.Hosting;

return await ApplianceHost.RunAsync(args);
