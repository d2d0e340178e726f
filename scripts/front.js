// The one network address ./scripts/up serves, doing what nginx does in front of a production
// bench: /socket.io (HTTP and WebSocket) to Frappe's realtime server, everything else to gunicorn,
// each on a unix socket in the bench, with the site's name in X-Frappe-Site-Name.
// Node's own modules only.   node front.js <bind> <port> <site> <web.sock> <realtime.sock>
"use strict";
const http = require("node:http");
const net = require("node:net");

const [bind, port, site, web, realtime] = process.argv.slice(2);
if (!realtime) {
	console.error("usage: node front.js <bind> <port> <site> <web socket> <realtime socket>");
	process.exit(2);
}

const upstream = (url) => (url === "/socket.io" || url.startsWith("/socket.io/") ? realtime : web);

function forwarded_headers(req) {
	const headers = { ...req.headers };
	headers["x-frappe-site-name"] = site;
	headers["x-forwarded-for"] = req.socket.remoteAddress || "";
	headers["x-forwarded-proto"] = "http";
	headers["x-real-ip"] = req.socket.remoteAddress || "";
	return headers;
}

const server = http.createServer((req, res) => {
	const out = http.request(
		{ socketPath: upstream(req.url), method: req.method, path: req.url, headers: forwarded_headers(req) },
		(answer) => {
			res.writeHead(answer.statusCode, answer.statusMessage, answer.headers);
			answer.pipe(res);
		}
	);
	out.on("error", () => {
		if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
		res.end("The server is starting or has stopped; try again in a moment.\n");
	});
	req.pipe(out);
});

// WebSocket: replay the upgrade request on the upstream socket, then join the two streams.
server.on("upgrade", (req, client, head) => {
	const out = net.connect(upstream(req.url), () => {
		const headers = forwarded_headers(req);
		let lines = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
		for (const [name, value] of Object.entries(headers)) {
			for (const one of Array.isArray(value) ? value : [value]) lines += `${name}: ${one}\r\n`;
		}
		out.write(lines + "\r\n");
		if (head && head.length) out.write(head);
		client.pipe(out).pipe(client);
	});
	out.on("error", () => client.destroy());
	client.on("error", () => out.destroy());
});

server.listen(Number(port), bind, () => console.log(`front: http://${bind}:${port} -> ${web}, ${realtime}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
