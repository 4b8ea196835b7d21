namespace Exchange.Log.Embedded;

/// <summary>The PostgreSQL NOTIFY channel on which an append wakes waiting consumers (payload: the topic).</summary>
internal static class Notifications
{
    public const string Channel = "exchange_log_appended";

    public const string NotifySql = "select pg_notify('" + Channel + "', @topic)";

    public const string ListenSql = "listen " + Channel;
}
