namespace Mcptt.Client.Sip;

/// <summary>A request got no final response in time.</summary>
public sealed class SipTransactionException(string message) : Exception(message);
