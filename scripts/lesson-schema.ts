/** Writes public/lesson.schema.json from the zod lesson format (src/content/format.ts). */
import { writeFileSync } from 'node:fs';
import { lessonJsonSchema } from '../src/content/format.ts';

writeFileSync('public/lesson.schema.json', `${JSON.stringify(lessonJsonSchema(), null, 2)}\n`);
console.log('wrote public/lesson.schema.json');
