using Dapper;
using Npgsql;

namespace Exchange.Postgres;

/// <summary>
/// Least privilege in the hub's database. <c>exchange_owner</c> (no login) owns every part's
/// schema and objects and is the role migrations run as; <c>exchange_runtime</c> is what the
/// running hub signs in as: it reads and writes the parts' tables but owns none, so it can
/// neither alter nor drop them, and on the tables a part names as append-only (the audit chain)
/// it may only read and add.
/// </summary>
public static class DatabaseRoles
{
    /// <summary>Owns the schemas and their objects; migrations run as it.</summary>
    public const string Owner = "exchange_owner";

    /// <summary>The running hub's role.</summary>
    public const string Runtime = "exchange_runtime";

    private const string EnsureRolesSql = $"""
        do $$
        begin
          if not exists (select from pg_roles where rolname = '{Owner}') then create role {Owner} nologin; end if;
          if not exists (select from pg_roles where rolname = '{Runtime}') then create role {Runtime} nologin; end if;
          -- The migrating role must be able to act as the owner (a superuser already can).
          if not (select rolsuper from pg_roles where rolname = current_user) then
            execute format('grant %I to %I', '{Owner}', current_user);
          end if;
          execute format('grant create, connect, temporary on database %I to %I', current_database(), '{Owner}');
          execute format('grant connect, temporary on database %I to %I', current_database(), '{Runtime}');
        end $$;
        """;

    // Objects a part's schema holds that another role owns (from before the roles, or made by hand)
    // pass to the owner: tables (with the sequences they own), other sequences, views and functions.
    private const string NotOwnedSql = $"""
        select format('alter table %I.%I owner to {Owner}', n.nspname, c.relname)
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = @Schema and c.relkind in ('r', 'p', 'v', 'm') and pg_get_userbyid(c.relowner) <> '{Owner}'
        union all
        select format('alter sequence %I.%I owner to {Owner}', n.nspname, c.relname)
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = @Schema and c.relkind = 'S' and pg_get_userbyid(c.relowner) <> '{Owner}'
          and not exists (select from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))
        union all
        select format('alter routine %s owner to {Owner}', p.oid::regprocedure)
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = @Schema and pg_get_userbyid(p.proowner) <> '{Owner}'
        """;

    /// <summary>Creates both roles when missing; sets the runtime role's password (and lets it sign in) when one is given.</summary>
    public static async Task EnsureAsync(NpgsqlConnection admin, string? runtimePassword, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        await admin.ExecuteAsync(new CommandDefinition(EnsureRolesSql, cancellationToken: cancellationToken));
        if (runtimePassword is not null)
        {
            // ALTER ROLE takes no parameters: the literal is quoted by the server itself.
            var alter = await admin.ExecuteScalarAsync<string>(new CommandDefinition(
                $"select format('alter role {Runtime} login password %L', @Password::text)", new { Password = runtimePassword }, cancellationToken: cancellationToken));
            await admin.ExecuteAsync(new CommandDefinition(alter!, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Gives every object of the parts' schemas to the owner, before migrations run as it.</summary>
    public static async Task TakeOwnershipAsync(NpgsqlConnection admin, IEnumerable<PartSchema> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(parts);
        foreach (var part in parts)
        {
            if (!await SchemaExistsAsync(admin, part.Name, cancellationToken))
                continue;
            // The public schema stays the database's; the owner creates in it by grant.
            var statements = part.Name == "public"
                ? [$"grant usage, create on schema public to {Owner}"]
                : new List<string> { $"alter schema {part.Name} owner to {Owner}" };
            statements.AddRange(await admin.QueryAsync<string>(new CommandDefinition(NotOwnedSql, new { Schema = part.Name }, cancellationToken: cancellationToken)));
            foreach (var statement in statements)
                await admin.ExecuteAsync(new CommandDefinition(statement, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Grants the runtime role what the hub needs in each part's schema, and no more on the append-only tables.</summary>
    public static async Task GrantRuntimeAsync(NpgsqlConnection admin, IEnumerable<PartSchema> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(parts);
        foreach (var part in parts)
        {
            var s = part.Name;
            if (!await SchemaExistsAsync(admin, s, cancellationToken))
                continue;
            var statements = new List<string>
            {
                $"grant usage on schema {s} to {Runtime}",
                $"grant select, insert, update, delete on all tables in schema {s} to {Runtime}",
                $"grant usage, select, update on all sequences in schema {s} to {Runtime}",
                $"grant execute on all routines in schema {s} to {Runtime}",
            };
            foreach (var (table, privileges) in part.AppendOnlyTables)
            {
                statements.Add($"revoke all on table {s}.{table} from {Runtime}");
                statements.Add($"grant {privileges} on table {s}.{table} to {Runtime}");
            }
            foreach (var statement in statements)
                await admin.ExecuteAsync(new CommandDefinition(statement, cancellationToken: cancellationToken));
        }
    }

    private static Task<bool> SchemaExistsAsync(NpgsqlConnection admin, string schema, CancellationToken cancellationToken) =>
        admin.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select from pg_namespace where nspname = @Schema)", new { Schema = schema }, cancellationToken: cancellationToken));
}
