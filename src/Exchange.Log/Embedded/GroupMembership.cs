using Dapper;
using Npgsql;

namespace Exchange.Log.Embedded;

/// <summary>
/// A member's place in a consumer group: a member row renewed by heartbeats, and leases on the
/// partitions it holds. Every heartbeat divides each topic's partitions among the live members
/// subscribed to it (partition p goes to the (p mod n)-th member by id); a member releases what is
/// no longer its share and claims its share once the lease is free or expired. A lease is held by
/// one member at a time, so two members never read a partition at once.
/// </summary>
internal sealed class GroupMembership(NpgsqlDataSource dataSource, EmbeddedLogOptions options, string groupId)
{
    private const string HeartbeatSql = """
        insert into group_members (group_id, member_id, topics, expires_at)
        values (@groupId, @memberId, @topics, now() + @sessionTimeout)
        on conflict (group_id, member_id) do update set topics = excluded.topics, expires_at = excluded.expires_at;
        delete from group_members where group_id = @groupId and expires_at < now();
        """;

    private const string MembersSql = """
        select m.member_id as MemberId, t.name as Topic, t.partitions as Partitions
        from group_members m
        join topics t on t.name = any(m.topics)
        where m.group_id = @groupId
        order by t.name, m.member_id
        """;

    private const string ReleaseSql = """
        delete from partition_leases l
        where l.group_id = @groupId and l.member_id = @memberId
          and (l.topic, l.partition) not in (select * from unnest(@topics, @partitions))
        """;

    private const string ClaimSql = """
        insert into partition_leases (group_id, topic, partition, member_id, expires_at)
        select @groupId, d.topic, d.partition, @memberId, now() + @sessionTimeout
        from unnest(@topics, @partitions) as d(topic, partition)
        on conflict (group_id, topic, partition) do update
          set member_id = excluded.member_id, expires_at = excluded.expires_at
          where partition_leases.member_id = excluded.member_id or partition_leases.expires_at < now()
        """;

    private const string HeldSql = """
        select l.topic as Topic, l.partition as Partition, o.next_offset as Committed
        from partition_leases l
        left join group_offsets o on o.group_id = l.group_id and o.topic = l.topic and o.partition = l.partition
        where l.group_id = @groupId and l.member_id = @memberId
        """;

    private const string LeaveSql = """
        delete from partition_leases where group_id = @groupId and member_id = @memberId;
        delete from group_members where group_id = @groupId and member_id = @memberId;
        """;

    private const string CommitSql = """
        insert into group_offsets (group_id, topic, partition, next_offset, committed_at)
        select @groupId, c.topic, c.partition, c.next_offset, now()
        from unnest(@topics, @partitions, @nextOffsets) as c(topic, partition, next_offset)
        where exists (select 1 from partition_leases l
                      where l.group_id = @groupId and l.member_id = @memberId
                        and l.topic = c.topic and l.partition = c.partition)
        on conflict (group_id, topic, partition) do update
          set next_offset = greatest(group_offsets.next_offset, excluded.next_offset), committed_at = excluded.committed_at
        """;

    private volatile bool _joined;

    public string MemberId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Renews this member, re-divides partitions and returns those it now holds, with each one's committed offset.</summary>
    public IReadOnlyList<HeldPartition> Heartbeat(IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var args = new { groupId, memberId = MemberId, topics = topics.ToArray(), sessionTimeout = options.SessionTimeout };
        connection.Execute(new CommandDefinition(HeartbeatSql, args, transaction, cancellationToken: cancellationToken));

        var share = connection.Query<MemberTopic>(new CommandDefinition(MembersSql, new { groupId }, transaction, cancellationToken: cancellationToken))
            .GroupBy(m => (m.Topic, m.Partitions))
            .SelectMany(topic =>
            {
                var members = topic.Select(m => m.MemberId).ToList();
                var index = members.IndexOf(MemberId);
                return index < 0
                    ? []
                    : Enumerable.Range(0, topic.Key.Partitions).Where(p => p % members.Count == index).Select(p => (topic.Key.Topic, Partition: p));
            })
            .ToList();

        var shareArgs = new
        {
            groupId,
            memberId = MemberId,
            topics = share.Select(s => s.Topic).ToArray(),
            partitions = share.Select(s => s.Partition).ToArray(),
            sessionTimeout = options.SessionTimeout,
        };
        connection.Execute(new CommandDefinition(ReleaseSql, shareArgs, transaction, cancellationToken: cancellationToken));
        connection.Execute(new CommandDefinition(ClaimSql, shareArgs, transaction, cancellationToken: cancellationToken));
        var held = connection.Query<HeldPartition>(new CommandDefinition(
            HeldSql, new { groupId, memberId = MemberId }, transaction, cancellationToken: cancellationToken)).ToList();
        // Before the commit: a commit whose answer is lost may still have made the member.
        _joined = true;
        transaction.Commit();
        return held;
    }

    /// <summary>Commits next offsets for partitions this member still holds; others are skipped (their new holder redelivers).</summary>
    public void Commit(IReadOnlyList<(string Topic, int Partition, long NextOffset)> offsets)
    {
        if (offsets.Count == 0)
        {
            return;
        }

        using var connection = dataSource.OpenConnection();
        connection.Execute(new CommandDefinition(CommitSql, new
        {
            groupId,
            memberId = MemberId,
            topics = offsets.Select(o => o.Topic).ToArray(),
            partitions = offsets.Select(o => o.Partition).ToArray(),
            nextOffsets = offsets.Select(o => o.NextOffset).ToArray(),
        }));
    }

    /// <summary>Leaves the group and gives up every lease at once, so the other members take over without waiting for expiry.</summary>
    public void Leave()
    {
        // A member that never joined (its first heartbeat failed, as in an outage) has nothing to give up.
        if (!_joined)
            return;
        using var connection = dataSource.OpenConnection();
        connection.Execute(new CommandDefinition(LeaveSql, new { groupId, memberId = MemberId }));
    }

    private sealed record MemberTopic(string MemberId, string Topic, int Partitions);
}

/// <summary>A partition a member holds, and the group's committed offset for it (null: nothing committed yet).</summary>
internal sealed record HeldPartition(string Topic, int Partition, long? Committed);
