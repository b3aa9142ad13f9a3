// A running clock from the server's time on the check-in verdict, so that a screenshot of
// an old verdict is plain to see.
(function () {
	'use strict';
	var card = document.getElementById('verdict');
	var clock = document.getElementById('clock');
	if (!card || !clock) {
		return;
	}
	var offset = Number(card.getAttribute('data-server-time')) - Date.now();
	function pad(n) {
		return (n < 10 ? '0' : '') + n;
	}
	function tick() {
		// the platform's zone (UTC+8) whatever the phone's zone
		var d = new Date(Date.now() + offset + 8 * 3600 * 1000);
		clock.textContent = d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' '
			+ pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds());
	}
	tick();
	setInterval(tick, 1000);
}());
