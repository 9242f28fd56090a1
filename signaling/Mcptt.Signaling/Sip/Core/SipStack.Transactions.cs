using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Sip;

/// <summary>Transaction table bookkeeping shared with ServerTransaction/ClientTransaction (called under Gate).</summary>
public sealed partial class SipStack
{
    internal bool SendResponse(IncomingRequest incoming, SipResponse response)
    {
        lock (Gate)
        {
            var tx = incoming.Transaction;
            if (tx is null || tx.State == ServerTransactionState.Terminated) return false;
            return tx.Send(response);
        }
    }

    internal void AwaitAck(ServerTransaction tx)
    {
        if (tx.AckKey is not null) _awaitingAck[tx.AckKey] = tx;
    }

    internal void AckReceived(ServerTransaction tx)
    {
        if (tx.AckKey is not null && _awaitingAck.TryGetValue(tx.AckKey, out var current) && ReferenceEquals(current, tx))
            _awaitingAck.Remove(tx.AckKey);
    }

    internal void Remove(ServerTransaction tx)
    {
        if (tx.MergeKey is not null && _merge.TryGetValue(tx.MergeKey, out var merged) && ReferenceEquals(merged, tx))
            _merge.Remove(tx.MergeKey);
        if (_server.TryGetValue(tx.Key, out var current) && ReferenceEquals(current, tx))
        {
            _server.Remove(tx.Key);
            Metrics.ServerTransactions--;
        }
        AckReceived(tx);
    }

    internal void Remove(ClientTransaction tx)
    {
        if (_client.TryGetValue(tx.Key, out var current) && ReferenceEquals(current, tx))
        {
            _client.Remove(tx.Key);
            Metrics.ClientTransactions--;
        }
    }

    internal void NotifyAckTimeout(IncomingRequest invite)
    {
        try
        {
            RequestHandler?.OnAckTimeout(invite);
        }
        catch (Exception ex)
        {
            SipLog.HandlerFailed(_logger, invite.Request.Method, invite.Request.CallId, ex);
        }
    }

    internal void LogClientTimeout(ClientTransaction tx) => SipLog.ClientTimeout(_logger, tx.Request.Method, tx.Branch);

    internal void LogResponseCallbackFailure(ClientTransaction tx, Exception ex) =>
        SipLog.ResponseCallbackFailed(_logger, tx.Request.Method, tx.Branch, ex);

    private void Drop(string reason, IPEndPoint remote)
    {
        Metrics.Dropped(reason);
        SipLog.Dropped(_logger, reason, remote);
    }
}
