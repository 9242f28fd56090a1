using Mcptt.Control.Ng.Bencode;
using Mcptt.Control.Ng.Calls;
using Mcptt.Control.Ng.Protocol;
using Mcptt.Relay.Core.Stats;

namespace Mcptt.Control.Ng.Commands;

/// <summary>
/// The command table: maps an ng "command" to its handler, adds the unknown-flags warning, and counts
/// every command as mcptt_ng_commands_total{command,result}. Transport-agnostic (the UDP server is one
/// caller; tests and the perf harness can call <see cref="Process"/> directly).
/// </summary>
public sealed class NgCommandProcessor
{
    private static readonly string[] CountedCommands = { "ping", "offer", "answer", "delete", "query", "list", "other" };

    private readonly Dictionary<string, Func<NgRequest, BDictionary>> _handlers;
    private readonly Dictionary<string, (Counter Ok, Counter Error)> _counters = new(StringComparer.Ordinal);

    public NgCommandProcessor(NgCallEngine engine, MetricsRegistry metrics)
    {
        Engine = engine;
        _handlers = new(StringComparer.Ordinal)
        {
            ["ping"] = _ => NgReply.Pong(),
            ["offer"] = engine.Offer,
            ["answer"] = engine.Answer,
            ["delete"] = engine.Delete,
            ["query"] = engine.Query,
            ["list"] = engine.List,
        };
        foreach (string command in CountedCommands)
        {
            var ok = metrics.Counter("mcptt_ng_commands_total", "ng control commands handled, by command and result.",
                ("command", command), ("result", "ok"));
            var error = metrics.Counter("mcptt_ng_commands_total", "ng control commands handled, by command and result.",
                ("command", command), ("result", "error"));
            _counters[command] = (ok, error);
        }
        metrics.Gauge("mcptt_ng_calls", "Calls currently held by the ng control port.", () => engine.CallCount);
    }

    public NgCallEngine Engine { get; }

    public BDictionary Process(BDictionary document)
    {
        var request = new NgRequest(document);
        string? command = request.Command;
        BDictionary reply;
        if (command is null)
            reply = NgReply.Error("No command in message");
        else if (!_handlers.TryGetValue(command, out var handler))
            reply = NgReply.Error("Unrecognized command");
        else
            reply = handler(request);

        if (!NgReply.IsError(reply))
        {
            var unknown = NgFlags.Unknown(request.Flags);
            if (unknown.Count > 0) NgReply.AddWarning(reply, NgFlags.Warning(unknown));
        }
        Count(command, reply);
        return reply;
    }

    /// <summary>Counts a request that never reached a handler (undecodable document).</summary>
    public void CountMalformed() => _counters["other"].Error.Inc();

    private void Count(string? command, BDictionary reply)
    {
        var counters = command is not null && _counters.TryGetValue(command, out var known) ? known : _counters["other"];
        (NgReply.IsError(reply) ? counters.Error : counters.Ok).Inc();
    }
}
