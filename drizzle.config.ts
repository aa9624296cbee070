import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: ['./src/core/**/schema.ts', './src/discord/**/schema.ts', './src/modules/**/schema.ts'],
  out: './migrations',
});
