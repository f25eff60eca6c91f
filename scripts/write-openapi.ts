// Regenerates docs/openapi.json from the API's zod schemas: `npm run api:openapi` after changing them.
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../src/api/openapi.js';

writeFileSync(new URL('../docs/openapi.json', import.meta.url), `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
