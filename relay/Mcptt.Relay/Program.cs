using Mcptt.Relay.Hosting;

int rc = await ApplianceHost.RunAsync(args);
// After an abandoned shutdown a stuck foreground thread could keep the process alive; make the exit certain.
if (rc != ExitCodes.Ok) Environment.Exit(rc);
return rc;
