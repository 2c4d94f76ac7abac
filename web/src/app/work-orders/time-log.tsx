import type { MutationArgs, MutationName } from '@plantkeep/shared';
import { useEffect, useState } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import { useLiveQuery } from '../../runtime/use-live-query';
import { useMutate } from '../../runtime/use-mutate';
import { formatDate, formatTime, messageOf } from '../ui/format';
import { msOf, newId, nowIso } from './work-entry';

function duration(totalMs: number): string {
  const s = Math.max(0, Math.floor(totalMs / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return `${hh}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
}

/** Re-renders every second while `active`. */
function useClock(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** Time log: start / stop a timer (timeLog.add, timeLog.stop) and the logged time. */
export function TimeLog({ workOrderId, canWork }: { workOrderId: string; canWork: boolean }) {
  const { actor } = useRuntime();
  const mutate = useMutate();
  const [problem, setProblem] = useState<string>();
  const logs =
    useLiveQuery<{
      id: string;
      user_id: string;
      name: string | null;
      started_at: Date | string;
      ended_at: Date | string | null;
    }>(
      `select t.id, t.user_id, u.name, t.started_at, t.ended_at
         from time_logs t left join users u on u.id = t.user_id
        where t.work_order_id = $1 order by t.started_at desc`,
      [workOrderId],
    ).rows ?? [];
  const running = logs.find((l) => l.user_id === actor.userId && l.ended_at === null);
  const now = useClock(running !== undefined);
  const total = logs.reduce(
    (sum, l) => sum + ((l.ended_at === null ? now : msOf(l.ended_at)) - msOf(l.started_at)),
    0,
  );
  const act = async <N extends MutationName>(name: N, args: MutationArgs<N>) => {
    setProblem(undefined);
    try {
      await mutate(name, args);
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <div className="time-log" data-testid="time-log">
      <div className="step-controls">
        {running ? (
          <>
            <span className="timer" data-testid="timer">
              {duration(now - msOf(running.started_at))}
            </span>
            <button
              type="button"
              className="danger"
              data-testid="timer-stop"
              onClick={() => void act('timeLog.stop', { id: running.id, endedAt: nowIso() })}
            >
              Stop timer
            </button>
          </>
        ) : canWork ? (
          <button
            type="button"
            className="primary"
            data-testid="timer-start"
            onClick={() =>
              void act('timeLog.add', { id: newId(), workOrderId, startedAt: nowIso() })
            }
          >
            Start timer
          </button>
        ) : null}
        <span>Total logged: {duration(total)}</span>
      </div>
      {problem ? <p className="notice error">{problem}</p> : null}
      {logs.length ? (
        <ul className="work-list">
          {logs.map((l) => (
            <li key={l.id}>
              <span>{l.name ?? 'Someone'}</span>
              <span>
                {formatDate(l.started_at)} {formatTime(msOf(l.started_at))} –{' '}
                {l.ended_at === null ? 'running' : formatTime(msOf(l.ended_at))}
              </span>
              <span>
                {duration((l.ended_at === null ? now : msOf(l.ended_at)) - msOf(l.started_at))}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
