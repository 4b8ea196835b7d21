namespace Exchange.Log;

/// <summary>The event log could not do what was asked: an unknown topic, or a broken log (a bug or an outage, not bad input).</summary>
public sealed class EventLogException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EventLogException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public EventLogException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public EventLogException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
