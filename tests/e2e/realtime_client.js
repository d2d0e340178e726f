// A signed-in user's realtime client over WebSocket, as the desk's is (socket.io-client from
// Frappe's own node_modules): prints "connected", then the first `smallchanges_test` event.
//   node realtime_client.js <url> <site> <sid>
"use strict";
const { io } = require("socket.io-client");

const [url, site, sid] = process.argv.slice(2);
const socket = io(`${url}/${site}`, {
	transports: ["websocket"],
	extraHeaders: { cookie: `sid=${sid}`, origin: url },
	reconnection: false,
	timeout: 30000,
});
socket.on("connect", () => console.log(`connected ${socket.io.engine.transport.name}`));
socket.on("smallchanges_test", (message) => {
	console.log(`event ${JSON.stringify(message)}`);
	process.exit(0);
});
socket.on("connect_error", (error) => {
	console.log(`refused ${error.message}`);
	process.exit(1);
});
setTimeout(() => process.exit(2), 60000);
