/**
 * A strategy's mark beside its name (legends, chips, table headers): a short stroke in the
 * strategy's colour and dash pattern, so the mark matches the chart line even without colour.
 */
import { dashArray, strategyColor } from '../palette.ts';
import { usePaletteSlot } from './palette-slots.ts';

export function StrategyMark({ index, width = 22 }: { index: number; width?: number }) {
  const slot = usePaletteSlot()(index);
  return (
    <svg
      className="strategy-mark"
      width={width}
      height={10}
      viewBox={`0 0 ${width} 10`}
      aria-hidden="true"
      focusable="false"
      data-strategy={index}
    >
      <line
        x1={1}
        x2={width - 1}
        y1={5}
        y2={5}
        stroke={strategyColor(slot)}
        strokeWidth={3}
        strokeDasharray={dashArray(slot, 3) || 'none'}
        strokeLinecap="butt"
      />
    </svg>
  );
}
