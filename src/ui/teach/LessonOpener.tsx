/**
 * Opening a teacher's lesson file from disk, and showing what is wrong with one: a readable list of
 * problems, each naming the field, never a blank page.
 */
import { useId, useState } from 'react';
import { checkLessonFully, parseLessonText, type Lesson } from '../../content/lessons.ts';

/** Lesson files are small; anything bigger is not a lesson. */
export const MAX_LESSON_BYTES = 512 * 1024;

/** Reads and checks a lesson's text (its quantities are all computed once, so errors show now). */
export function readLesson(
  text: string,
  source: string,
): { lesson: Lesson } | { problems: readonly string[] } {
  const parsed = parseLessonText(text, source);
  if (!parsed.ok) return { problems: parsed.problems };
  const full = checkLessonFully(parsed.lesson.data, source);
  return full.ok ? { lesson: full.lesson } : { problems: full.problems };
}

export function LessonProblems({ source, problems }: { source: string; problems: readonly string[] }) {
  return (
    <div className="lesson-problems" role="alert">
      <p>
        <strong>This lesson cannot be used</strong> ({source}):
      </p>
      <ul>
        {problems.slice(0, 20).map((p, i) => (
          <li key={i}>
            <code>{p}</code>
          </li>
        ))}
      </ul>
      {problems.length > 20 && <p>… and {problems.length - 20} more.</p>}
      <p className="muted">
        The format is described by <a href="lesson.schema.json">lesson.schema.json</a>.
      </p>
    </div>
  );
}

export function LessonOpener({ onOpen }: { onOpen: (lesson: Lesson) => void }) {
  const id = useId();
  const [problems, setProblems] = useState<{ source: string; problems: readonly string[] } | null>(null);
  return (
    <div className="lesson-opener">
      <label htmlFor={id}>Open a lesson file (JSON)</label>{' '}
      <input
        id={id}
        type="file"
        accept=".json,application/json"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file === undefined) return;
          if (file.size > MAX_LESSON_BYTES) {
            setProblems({
              source: file.name,
              problems: [`the file is ${file.size} bytes; a lesson is at most ${MAX_LESSON_BYTES}`],
            });
            return;
          }
          const r = readLesson(await file.text(), file.name);
          if ('problems' in r) setProblems({ source: file.name, problems: r.problems });
          else {
            setProblems(null);
            onOpen(r.lesson);
          }
        }}
      />
      {problems !== null && <LessonProblems source={problems.source} problems={problems.problems} />}
    </div>
  );
}
