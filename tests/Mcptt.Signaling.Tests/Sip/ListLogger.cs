using Microsoft.Extensions.Logging;

namespace Mcptt.Signaling.Tests.Sip;

/// <summary>Keeps warnings and errors so tests can assert that nothing went wrong internally.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, int EventId, Exception? Exception)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        lock (Entries) Entries.Add((logLevel, eventId.Id, exception));
    }
}
