-- Whether a graduate placed in work was still in place at a horizon (6 or 12 months after the
-- start), judged from the placement's follow-ups (report_placement, 0013): the first follow-up on or
-- after the horizon decides (the earliest checked, then the first given); failing one, a departure
-- reported before the horizon means they had left; otherwise it is not known.
--
-- The stability report judged this with two correlated subqueries per placement and horizon, which
-- PostgreSQL runs in the leader process alone after each graduate's first placement is chosen:
-- about 1.8 s of its 3.7 s at a million graduates. A function declared parallel safe is judged in
-- the parallel workers, row by row, with no subquery to start.
create function report_stability_status(checked_on date[], still_in_place boolean[], horizon date) returns text
language plpgsql immutable parallel safe as $$
declare
  decisive int;
  left_before boolean := false;
begin
  for i in 1 .. coalesce(array_length(checked_on, 1), 0) loop
    if checked_on[i] >= horizon then
      if decisive is null or checked_on[i] < checked_on[decisive] then
        decisive := i;
      end if;
    elsif checked_on[i] < horizon and not still_in_place[i] then
      left_before := true;
    end if;
  end loop;
  if decisive is not null then
    return case when still_in_place[decisive] then 'still' else 'left' end;
  end if;
  return case when left_before then 'left' else 'unknown' end;
end
$$;
