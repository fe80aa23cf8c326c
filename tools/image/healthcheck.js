// The image's HEALTHCHECK: exits 0 when GET /health on this container answers 200 within 3 s,
// 1 otherwise. Plain Node (the slim base image has no curl or wget). Uses PORT like the API.
'use strict';

const port = Number(process.env.PORT || 3000);

fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3000) }).then(
  (res) => process.exit(res.status === 200 ? 0 : 1),
  () => process.exit(1),
);
