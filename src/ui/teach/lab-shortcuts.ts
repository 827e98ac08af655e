/** The app's shortcut table: what a workshop presenter presses. */
import type { Shortcut } from './shortcuts.ts';

export interface ShortcutActions {
  togglePlay(): void;
  step(): void;
  stepBack(): void;
  toStart(): void;
  showHelp(): void;
  togglePresenter(): void;
  /** null outside presenter mode, where the controls are always shown */
  toggleControls: (() => void) | null;
  /** null when no lesson is open */
  lesson: {
    next(): void;
    previous(): void;
    reveal(): void;
    choose(index: number): void;
    choices: number;
  } | null;
}

export function labShortcuts(a: ShortcutActions): Shortcut[] {
  const l = a.lesson;
  const list: Shortcut[] = [
    { keys: ['Space'], match: [' '], description: 'Play or pause', group: 'Simulation', run: a.togglePlay },
    {
      keys: ['→'],
      match: ['ArrowRight'],
      description: 'Step forward one message',
      group: 'Simulation',
      run: a.step,
    },
    {
      keys: ['←'],
      match: ['ArrowLeft'],
      description: 'Step back one message',
      group: 'Simulation',
      run: a.stepBack,
    },
    {
      keys: ['Home'],
      match: ['Home'],
      // while a lesson is open, Home (like End and the Page keys) scrolls the page
      description: 'Back to the start (time 0), when no lesson is open',
      group: 'Simulation',
      enabled: l === null,
      run: a.toStart,
    },
    {
      keys: ['p'],
      match: ['p', 'P'],
      description: 'Presenter mode on or off',
      group: 'View',
      run: a.togglePresenter,
    },
    {
      keys: ['c'],
      match: ['c', 'C'],
      description: 'Show or hide the controls (presenter mode)',
      group: 'View',
      enabled: a.toggleControls !== null,
      run: () => a.toggleControls?.(),
    },
    { keys: ['?'], match: ['?'], description: 'Show these shortcuts', group: 'View', run: a.showHelp },
    {
      keys: ['n'],
      match: ['n', 'N'],
      description: 'Next lesson step',
      group: 'Lesson',
      enabled: l !== null,
      run: () => l?.next(),
    },
    {
      keys: ['b'],
      match: ['b', 'B'],
      description: 'Previous lesson step',
      group: 'Lesson',
      enabled: l !== null,
      run: () => l?.previous(),
    },
    {
      keys: ['1', '2', '3', '4'],
      match: ['1', '2', '3', '4'],
      description: 'Pick an answer to predict',
      group: 'Lesson',
      enabled: l !== null && l.choices > 0,
      run: () => undefined,
    },
    {
      keys: ['r'],
      match: ['r', 'R'],
      description: 'Reveal the answer',
      group: 'Lesson',
      enabled: l !== null && l.choices > 0,
      run: () => l?.reveal(),
    },
  ];
  // digits: one entry in the dialog, one handler per digit
  const digits = list.find((s) => s.match.includes('1'));
  if (digits !== undefined && l !== null) {
    const at = list.indexOf(digits);
    list.splice(
      at,
      1,
      ...[0, 1, 2, 3].map((i) => ({
        ...digits,
        match: [String(i + 1)],
        enabled: i < l.choices,
        run: () => l.choose(i),
      })),
    );
  }
  return list;
}

/** The list the `?` dialog shows: digits folded back into one line. */
export function shortcutsForHelp(list: readonly Shortcut[]): Shortcut[] {
  const out: Shortcut[] = [];
  for (const s of list) {
    if (out.some((o) => o.description === s.description)) continue;
    const same = list.filter((o) => o.description === s.description);
    out.push(same.length > 1 ? { ...s, enabled: same.some((o) => o.enabled !== false) } : s);
  }
  return out;
}
