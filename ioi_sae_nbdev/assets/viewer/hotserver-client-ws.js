// hotserver-client-ws.js: a STAND-IN written for ioi_sae_nbdev, not an upstream file.
// circuit-tracer's index.html loads transformer-circuits.pub's hot-reload websocket client, a development aid for
// editing the frontend; the viewer needs nothing from it, so this file intentionally does nothing.
