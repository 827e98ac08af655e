/**
 * An embed that shows some of the strategies (`strategies=0,2`): the same lab seen through stores that
 * keep only those strategies (their metadata, frames and chart series). The simulation itself still
 * runs every strategy: dropping one from the scenario could change how the others are labelled and
 * would no longer be the scenario the link names. The views need no change: they index what they
 * are given.
 */
import { createStore } from 'zustand/vanilla';
import type { DecodedFrame } from '../../worker/frame.ts';
import type { FrameState, Lab, LabState } from '../store.ts';

function pick<T>(list: readonly T[], keep: readonly number[]): T[] {
  const out: T[] = [];
  for (const k of keep) {
    const x = list[k];
    if (x !== undefined) out.push(x);
  }
  return out;
}

function projectState(s: LabState, keep: readonly number[]): LabState {
  const meta = s.meta === null ? null : { ...s.meta, strategies: pick(s.meta.strategies, keep) };
  const focus = Math.max(0, keep.indexOf(s.focus));
  return { ...s, meta, focus };
}

function projectFrame(f: DecodedFrame | null, keep: readonly number[]): DecodedFrame | null {
  if (f === null) return null;
  const series = f.series === null ? null : { ...f.series, values: pick(f.series.values, keep) };
  return { ...f, strategies: pick(f.strategies, keep), series };
}

function projectFrames(s: FrameState, keep: readonly number[]): FrameState {
  const series = s.series === null ? null : { ...s.series, values: pick(s.series.values, keep) };
  return { frame: projectFrame(s.frame, keep), series };
}

/** The lab showing only strategies `keep` (indices into the scenario's list); `lab` itself when null. */
export function projectLab(lab: Lab, keep: readonly number[] | null): Lab {
  if (keep === null) return lab;
  const store = createStore<LabState>(() => projectState(lab.store.getState(), keep));
  const frames = createStore<FrameState>(() => projectFrames(lab.frames.getState(), keep));
  // projected lazily, only for what changed: the frame store changes up to 60 times a second
  lab.store.subscribe((s) => store.setState(projectState(s, keep), true));
  lab.frames.subscribe((s, prev) => {
    const cur = frames.getState();
    frames.setState(
      {
        frame: s.frame === prev.frame ? cur.frame : projectFrame(s.frame, keep),
        series: s.series === prev.series ? cur.series : projectFrames(s, keep).series,
      },
      true,
    );
  });
  return { ...lab, store, frames };
}
