// The embed's forced dark theme (embed.css) must be the app's dark theme (styles.css), colour for
// colour: a blog reader who forces dark sees the same figure a dark-mode visitor of the app sees.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const vars = (block: string) =>
  Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]?.trim()]));

describe('themes', () => {
  it('the embed forced dark palette equals the system dark palette', () => {
    const app = readFileSync('src/ui/styles.css', 'utf8');
    const embed = readFileSync('src/ui/embed/embed.css', 'utf8');
    const system =
      /@media \(prefers-color-scheme: dark\) \{\s*:root:not\(\[data-theme='light'\]\) \{([^}]*)\}/.exec(app);
    const forced = /:root\[data-theme='dark'\] \{([^}]*)\}/.exec(embed);
    expect(system).not.toBeNull();
    expect(forced).not.toBeNull();
    const a = vars(system?.[1] ?? '');
    expect(Object.keys(a).length).toBeGreaterThan(15);
    expect(vars(forced?.[1] ?? '')).toEqual(a);
  });
});
