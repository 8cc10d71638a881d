const express = require('express');
const app = express();
app.use(express.json());
app.post('/orders', (req, res) => {
  const r = { reqFast: %HasFastProperties(req), resFast: %HasFastProperties(res), reqKeys: Object.keys(req).length, resKeys: Object.keys(res).length, sockFast: %HasFastProperties(req.socket) };
  res.json(r);
});
const srv = app.listen(0, async () => {
  const port = srv.address().port;
  for (let i = 0; i < 3; i++) {
    const r = await fetch(`http://127.0.0.1:${port}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    console.log(await r.text());
  }
  srv.close(); process.exit(0);
});
