namespace Exchange.Core.Hosting;

/// <summary>
/// Every event id the hub logs with, in one place so that none is used twice. They are part of the
/// operations contract (alerts match on them): an id once published is never renumbered or reused.
/// Ranges: 1000–1199 database, 3000–3099 event log, 3100–3199 tokens, 3200–3299 projections, 4000–4199 ingest and pull
/// adapters, 5000–5099 the hub host.
/// </summary>
public static class EventIds
{
    // The embedded PostgreSQL server and migrations (Exchange.Postgres).
    public const int UsingBinaries = 1000;
    public const int InitialisingCluster = 1001;
    public const int RunningAsServiceAccount = 1002;
    public const int RemovingStalePidFile = 1003;
    public const int PortTaken = 1005;
    public const int EmbeddedServerStarted = 1006;
    public const int CreatedDatabase = 1007;
    public const int EmbeddedServerStopping = 1008;
    public const int EmbeddedServerAlreadyStopped = 1009;
    public const int EmbeddedServerStopFailed = 1010;
    public const int SharedMemoryStillInUse = 1011;
    public const int JoinedRunningServer = 1012;
    public const int StoppingServerOfDeadHub = 1013;
    public const int EmbeddedServerGone = 1014;
    public const int EmbeddedServerRestarted = 1015;
    public const int EmbeddedServerRestartFailed = 1016;
    public const int ApplyingMigration = 1100;
    public const int AppliedMigration = 1101;
    public const int SchemaUpToDate = 1102;

    // The event log (Exchange.Log).
    public const int MockClusterStarted = 3000;
    public const int TopicCreated = 3001;
    public const int KafkaError = 3002;
    public const int ConsumeError = 3003;
    public const int CommitForLostPartition = 3004;
    public const int AssignmentChanged = 3005;
    public const int RetentionApplied = 3006;
    public const int GroupLeaveFailed = 3007;

    // Tokens and issuers (Exchange.Access).
    public const int JwksLoadFailed = 3100;
    public const int JwksLoaded = 3101;
    public const int JwksKeySkipped = 3102;
    public const int TokenRejected = 3103;
    public const int UnknownKidRefreshSuppressed = 3104;

    // Projections of the log (Exchange.Access, Exchange.Index).
    public const int ConsentProjectionFailed = 3200;
    public const int ConsentProjectionAheadOfLog = 3201;
    public const int ConsentProjectionStartsOver = 3202;
    public const int MergeFailed = 3210;
    public const int MergerStartsOver = 3211;
    public const int MergerAheadOfLog = 3212;
    public const int ResolutionValuesRewriting = 3213;
    public const int ResolutionValuesRewritten = 3214;
    public const int MergerStoodDown = 3215;

    // Ingest and pull adapters (Exchange.Adapters).
    public const int BatchIngested = 4001;
    public const int PullRetry = 4010;
    public const int PullGaveUp = 4011;
    public const int CheckpointAdvanced = 4012;
    public const int PullCircuitOpened = 4013;
    public const int PullCircuitClosed = 4014;
    public const int DropFileMoved = 4020;
    public const int DropFileFailed = 4021;
    public const int PullRoundFailed = 4100;

    // The hub host (Exchange.Hub).
    public const int RequestCompleted = 5000;
    public const int OutageAnswered = 5001;
    public const int ScheduledReportPublished = 5010;
    public const int ScheduledReportFailed = 5011;

    // The change feed's topics (Exchange.Hub, Changes).
    public const int ChangeTopicPublished = 5300;
    public const int ChangeTopicFailed = 5301;
    // Bulk export (Exchange.Hub, Export/).
    public const int ExportJobStarted = 5400;
    public const int ExportJobCompleted = 5401;
    public const int ExportJobFailed = 5402;
    public const int ExportJobCancelled = 5403;
    public const int ExportFilesExpired = 5404;
    public const int ExportWorkerCannotLook = 5405;
    public const int ExportWorkerStillCannotLook = 5406;
}
