/**
 * The workshop page (`?workshop=1`): every lesson with its length and what it teaches, a link that
 * opens it in the lab, and a printable handout per lesson (`?workshop=1&handout=ID`): the questions
 * and their choices, without answers, with room for predictions. Printing uses workshop.css's print
 * rules: black on white, no buttons, one lesson per sheet.
 */
import { builtInLessons, fill, QuantityError, type Lesson } from '../../content/lessons.ts';
import './workshop.css';

function shown(lesson: Lesson, text: string, step = 0): string {
  try {
    return fill(lesson, text, step);
  } catch (e) {
    if (e instanceof QuantityError) return `${text} [cannot compute: ${e.message}]`;
    throw e;
  }
}

const lessonLink = (id: string) => `?lesson=${encodeURIComponent(id)}&step=1`;
const handoutLink = (id: string) => `?workshop=1&handout=${encodeURIComponent(id)}`;

function Handout({ lesson }: { lesson: Lesson }) {
  return (
    <article className="handout" aria-labelledby="handout-title">
      <nav className="no-print workshop-nav">
        <a href="?workshop=1">All lessons</a>
        <a href={lessonLink(lesson.id)}>Open this lesson in the lab</a>
        <button type="button" className="primary" onClick={() => window.print()}>
          Print handout
        </button>
      </nav>
      <h1 id="handout-title">{shown(lesson, lesson.data.title)}</h1>
      <p className="handout-summary">
        {shown(lesson, lesson.data.summary)} <span className="muted">({lesson.data.minutes} min)</span>
      </p>
      <p className="handout-how">
        For each step, write down your prediction before the answer is revealed on the projector.
      </p>
      <ol className="handout-steps">
        {lesson.steps.map((s, i) => {
          const q = s.data.question;
          return (
            <li key={i} className="handout-step">
              <h2>{shown(lesson, s.data.title, i)}</h2>
              <p>{shown(lesson, s.data.text, i)}</p>
              {q !== undefined && (
                <>
                  <p className="handout-prompt">{shown(lesson, q.prompt, i)}</p>
                  <ul className="handout-choices">
                    {q.choices.map((c, k) => (
                      <li key={k}>
                        <span className="box" aria-hidden="true">
                          ☐
                        </span>{' '}
                        {shown(lesson, c, i)}
                      </li>
                    ))}
                  </ul>
                  <p className="handout-lines">My prediction and why:</p>
                </>
              )}
              {s.data.verdict !== undefined && (
                <p className="handout-claim">The claim: “{s.data.verdict.claim}”</p>
              )}
            </li>
          );
        })}
      </ol>
    </article>
  );
}

export function WorkshopPage({ handout }: { handout: string | null }) {
  const lessons = builtInLessons;
  const chosen = handout === null ? undefined : lessons.find((l) => l.id === handout);
  const total = lessons.reduce((n, l) => n + l.data.minutes, 0);
  return (
    <div className="workshop-page">
      <header className="no-print workshop-head">
        <a href="./">← Channel Lab</a>
      </header>
      <main>
        {handout !== null && chosen === undefined && (
          <p role="alert" className="lesson-problems">
            There is no lesson called “{handout}”. Here are the lessons there are.
          </p>
        )}
        {chosen !== undefined ? (
          <Handout lesson={chosen} />
        ) : (
          <>
            <h1>Workshop</h1>
            <p>
              {lessons.length} guided lessons, about {total} minutes in all. Each step loads a scenario, shows
              one figure and asks for a prediction before revealing the answer, computed by the crate models.
              Keys in a lesson: 1–4 predict, r reveals, n and b move between steps, p switches presenter mode.
            </p>
            <table className="workshop-lessons">
              <caption>The lessons</caption>
              <thead>
                <tr>
                  <th scope="col">Lesson</th>
                  <th scope="col">What it teaches</th>
                  <th scope="col">Length</th>
                  <th scope="col" className="no-print">
                    Handout
                  </th>
                </tr>
              </thead>
              <tbody>
                {lessons.map((l) => (
                  <tr key={l.id}>
                    <th scope="row">
                      <a href={lessonLink(l.id)}>{shown(l, l.data.title)}</a>
                    </th>
                    <td>{shown(l, l.data.summary)}</td>
                    <td>
                      {l.data.minutes} min, {l.steps.length} {l.steps.length === 1 ? 'step' : 'steps'}
                    </td>
                    <td className="no-print">
                      <a href={handoutLink(l.id)} aria-label={`Handout: ${shown(l, l.data.title)}`}>
                        Handout
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              Write your own: a lesson is a JSON file described by{' '}
              <a href="lesson.schema.json">lesson.schema.json</a> (an example:{' '}
              <a href="lessons/example.json">lessons/example.json</a>). Open it from the Lessons panel, or
              link to it: <code>?lessonFile=lessons/example.json</code>. Check it with{' '}
              <code>npm run lesson:check -- FILE</code>.
            </p>
          </>
        )}
      </main>
    </div>
  );
}

export default WorkshopPage;
