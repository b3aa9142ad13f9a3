// The resident's health code: a fresh signed token before each one expires, and a clock
// that runs (screenshots stop). Server time is used, not the phone's own.
(function () {
	'use strict';
	const card = document.getElementById('code-card');
	if (!card) {
		return;
	}
	const url = card.dataset.tokenUrl;
	const qr = document.getElementById('qr');
	const clock = document.getElementById('clock');
	const bar = document.getElementById('bar');
	const refresh = document.getElementById('refresh');
	const colour = document.getElementById('colour');
	const star = document.getElementById('star');
	const reasons = document.getElementById('reasons');
	let offset = 0;
	let issuedAt = 0;
	let expiresAt = 0;
	let timer = null;
	let loads = 0;

	function pad(n) {
		return String(n).padStart(2, '0');
	}

	function tick() {
		// the platform's zone (UTC+8) whatever the phone's zone, as on the check-in verdict
		const now = new Date(Date.now() + offset + 8 * 3600 * 1000);
		clock.textContent = now.getUTCFullYear() + '-' + pad(now.getUTCMonth() + 1) + '-' + pad(now.getUTCDate()) + ' '
			+ pad(now.getUTCHours()) + ':' + pad(now.getUTCMinutes()) + ':' + pad(now.getUTCSeconds());
		if (expiresAt) {
			const left = Math.max(0, expiresAt - now.getTime());
			bar.style.width = (100 * left / (expiresAt - issuedAt)) + '%';
			const renewIn = Math.max(0, Math.ceil((left - 20000) / 1000));
			refresh.textContent = refresh.dataset.template.replace('{0}', renewIn);
		}
	}

	function load() {
		fetch(url, { headers: { 'Accept': 'application/json' }, cache: 'no-store' })
			.then(function (response) {
				if (!response.ok) {
					throw new Error(response.status);
				}
				return response.json();
			})
			.then(function (code) {
				offset = code.serverTime - Date.now();
				issuedAt = code.issuedAt;
				expiresAt = code.expiresAt;
				qr.innerHTML = code.svg;
				loads++;
				qr.dataset.loads = String(loads);
				card.className = card.className.replace(/\bc-\w+/g, '') + ' c-' + code.colour.toLowerCase();
				if (colour.dataset.colour && colour.dataset.colour !== code.colour) {
					location.reload();
					return;
				}
				colour.dataset.colour = code.colour;
				star.classList.toggle('hidden', !code.star);
				if (code.reasons.length) {
					reasons.innerHTML = '';
					code.reasons.forEach(function (text) {
						const li = document.createElement('li');
						li.textContent = text;
						reasons.appendChild(li);
					});
				}
				schedule(Math.max(1000, code.expiresAt - code.serverTime - 20000));
			})
			.catch(function () {
				qr.innerHTML = '';
				schedule(3000);
			});
	}

	function schedule(ms) {
		clearTimeout(timer);
		timer = setTimeout(load, ms);
	}

	document.addEventListener('visibilitychange', function () {
		if (!document.hidden && Date.now() + offset > expiresAt - 20000) {
			load();
		}
	});
	setInterval(tick, 250);
	load();
	tick();
})();
