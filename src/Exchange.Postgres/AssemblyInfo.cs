using System.Runtime.CompilerServices;

// The tests drive the process-state probes directly to simulate a crashed server.
[assembly: InternalsVisibleTo("Exchange.Postgres.Tests")]
