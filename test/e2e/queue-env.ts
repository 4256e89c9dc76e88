// `npm run test:queue`: the e2e files run in n8n queue mode (see queue-helpers.ts).
process.env.BGC_QUEUE = '1';
