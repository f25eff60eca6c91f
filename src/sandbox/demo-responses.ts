/** Bodies the demo service answers with, shaped like a FastAPI app's. */

export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'payments-api', version: '1.2.3' },
  paths: {
    '/health': { get: { summary: 'Liveness', responses: { '200': { description: 'Alive' } } } },
    '/ready': { get: { summary: 'Readiness', responses: { '200': { description: 'Ready' } } } },
    '/api/v1/items': {
      get: { summary: 'List items', responses: { '200': { description: 'Successful Response' } } },
    },
  },
};

export const swaggerPage = `<!DOCTYPE html>
<html><head><title>payments-api - Swagger UI</title></head>
<body><h1>payments-api</h1><p>Interactive API docs (Swagger UI would load /openapi.json here).</p>
<ul><li>GET /health</li><li>GET /ready</li><li>GET /api/v1/items</li></ul></body></html>`;

export const items = () =>
  Array.from({ length: 30 }, (_, i) => ({
    id: i + 1,
    name: `Item ${i + 1}`,
    price_cents: 1000 + i * 25,
    currency: 'EUR',
  }));

/** What uvicorn --reload with debug=True shows for an unhandled exception. */
export const traceback = `Traceback (most recent call last):
  File "/app/.venv/lib/python3.12/site-packages/starlette/middleware/errors.py", line 164, in __call__
    await self.app(scope, receive, _send)
  File "/app/app/api/v1/payments.py", line 42, in boom
    charge = await gateway.charge(order.total, currency=order.currency)
  File "/app/app/services/gateway.py", line 88, in charge
    raise RuntimeError("gateway rejected the charge")
RuntimeError: gateway rejected the charge`;

export const staticScript = `// payments-api front-end bundle\nconsole.log('payments-api');\n`;
