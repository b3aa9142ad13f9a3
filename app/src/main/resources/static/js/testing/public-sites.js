// The public's nearest open sampling sites: the browser's location (or the town's centre
// when refused), then /api/v1/public/sampling-sites drawn as markers and a list. Names and
// addresses go in as text, never as HTML.
(function () {
	var el = document.getElementById('site-map');
	var list = document.getElementById('near-list');
	var where = document.getElementById('where');
	var colours = { OPEN: '#2e9d4f', BUSY: '#e4572e', PAUSED: '#5b7fa6', CLOSED: '#9aa0a6' };
	var map = L.map('site-map', { zoomSnap: 0.25 });
	if (el.dataset.tiles) {
		L.tileLayer(el.dataset.tiles, { maxZoom: 19 }).addTo(map);
	}
	var layer = L.layerGroup().addTo(map);

	function statusText(status) {
		return el.dataset['status' + status.charAt(0) + status.substring(1).toLowerCase()] || status;
	}

	function distance(metres) {
		return metres >= 1000 ? (metres / 1000).toFixed(1) + ' ' + el.dataset.labelKm : metres + ' ' + el.dataset.labelM;
	}

	function node(tag, text, cls) {
		var e = document.createElement(tag);
		if (text != null) {
			e.textContent = text;
		}
		if (cls) {
			e.className = cls;
		}
		return e;
	}

	function show(sites, lon, lat, here) {
		layer.clearLayers();
		list.textContent = '';
		var points = [[lat, lon]];
		if (here) {
			L.circleMarker([lat, lon], { radius: 6, color: '#1565c0', fillColor: '#1e88e5', fillOpacity: 1 }).addTo(layer);
		}
		if (sites.length === 0) {
			list.appendChild(node('li', el.dataset.none));
		}
		sites.forEach(function (s) {
			var li = node('li', null, s.status);
			li.dataset.code = s.code;
			var head = node('div', null, 'head');
			head.appendChild(node('b', s.name));
			head.appendChild(node('span', distance(s.distanceMetres), 'distance'));
			li.appendChild(head);
			var numbers = node('div', null, 'numbers');
			var badge = node('span', statusText(s.status), 'badge ' + s.status);
			numbers.appendChild(badge);
			if (s.crowded) {
				numbers.appendChild(node('span', el.dataset.labelCrowded, 'tag'));
			}
			var queue = node('span', el.dataset.labelQueue + ' ');
			queue.appendChild(node('b', String(s.queueLength)));
			numbers.appendChild(queue);
			var wait = node('span', el.dataset.labelWait + ' ');
			wait.appendChild(node('b', s.waitMinutes == null ? '—' : s.waitMinutes + ' ' + el.dataset.labelMinutes));
			numbers.appendChild(wait);
			li.appendChild(numbers);
			li.appendChild(node('div', s.address, 'muted'));
			if (s.openingHours) {
				li.appendChild(node('div', el.dataset.labelHours + ' ' + s.openingHours, 'muted'));
			}
			if (s.phone) {
				var phone = node('div', el.dataset.labelPhone + ' ');
				var a = node('a', s.phone);
				a.href = 'tel:' + s.phone.replace(/[^0-9+]/g, '');
				phone.appendChild(a);
				li.appendChild(phone);
			}
			list.appendChild(li);
			if (s.lat != null && s.lon != null) {
				points.push([s.lat, s.lon]);
				var m = L.circleMarker([s.lat, s.lon], { radius: s.crowded ? 10 : 8, color: '#333', weight: 1,
					fillColor: colours[s.status] || '#999', fillOpacity: 0.9 }).addTo(layer);
				m.bindTooltip(s.name + ' · ' + statusText(s.status), { sticky: true });
				m.on('click', function () { li.scrollIntoView({ behavior: 'smooth', block: 'center' }); });
			}
		});
		map.fitBounds(points, { padding: [25, 25], maxZoom: 16 });
	}

	function load(lon, lat, label, here) {
		where.textContent = label;
		fetch(el.dataset.api + '?limit=20&lon=' + encodeURIComponent(lon) + '&lat=' + encodeURIComponent(lat))
			.then(function (r) {
				if (!r.ok) {
					throw new Error(r.status);
				}
				return r.json();
			})
			.then(function (sites) { show(sites, lon, lat, here); el.dataset.loaded = sites.length; })
			.catch(function () { where.textContent = el.dataset.failed; });
	}

	function centre() {
		var lon = parseFloat(el.dataset.centerLon);
		var lat = parseFloat(el.dataset.centerLat);
		if (isNaN(lon) || isNaN(lat)) {
			map.setView([30, 114], 4);
			where.textContent = el.dataset.none;
			list.appendChild(node('li', el.dataset.none));
			el.dataset.loaded = 0;
			return;
		}
		load(lon, lat, el.dataset.centre, false);
	}

	if (navigator.geolocation) {
		navigator.geolocation.getCurrentPosition(function (p) {
			load(p.coords.longitude, p.coords.latitude, el.dataset.here, true);
		}, centre, { timeout: 8000, maximumAge: 300000 });
	}
	else {
		centre();
	}
})();
