// The command's sampling sites: markers coloured by status from the table's rows, and both
// updated in place as site leaders report (Server-Sent Events from /testing/sites/stream).
(function () {
	var el = document.getElementById('site-map');
	var table = document.getElementById('sites');
	var live = document.getElementById('live');
	var colours = { OPEN: '#2e9d4f', BUSY: '#e4572e', PAUSED: '#5b7fa6', CLOSED: '#9aa0a6' };
	var map = L.map('site-map', { zoomSnap: 0.25 });
	var markers = {};
	if (el.dataset.tiles) {
		L.tileLayer(el.dataset.tiles, { maxZoom: 19 }).addTo(map);
	}
	// the grids of the caller's jurisdiction under the sites, for orientation
	fetch(el.dataset.areas, { credentials: 'same-origin' }).then(function (r) {
		return r.ok ? r.json() : null;
	}).then(function (geojson) {
		if (!geojson) {
			return;
		}
		var grids = L.geoJSON(geojson, {
			interactive: false,
			style: function () { return { color: '#7a8794', weight: 1, fillColor: '#dfe6ec', fillOpacity: 0.5 }; }
		}).addTo(map);
		grids.bringToBack();
		if (points.length === 0 && geojson.features.length > 0) {
			map.fitBounds(grids.getBounds(), { padding: [10, 10] });
		}
	});

	function statusText(status) {
		return el.dataset['status' + status.charAt(0) + status.substring(1).toLowerCase()] || status;
	}

	function two(n) {
		return (n < 10 ? '0' : '') + n;
	}

	function when(iso) {
		if (!iso) {
			return '—';
		}
		var d = new Date(iso);
		return two(d.getMonth() + 1) + '-' + two(d.getDate()) + ' ' + two(d.getHours()) + ':' + two(d.getMinutes()) +
			':' + two(d.getSeconds());
	}

	function tooltip(name, status, queue, wait, crowded) {
		var box = document.createElement('div');
		var b = document.createElement('b');
		b.textContent = name;
		box.appendChild(b);
		box.appendChild(document.createElement('br'));
		box.appendChild(document.createTextNode(statusText(status) + (crowded ? ' · ' + el.dataset.crowded : '')));
		box.appendChild(document.createElement('br'));
		box.appendChild(document.createTextNode(el.dataset.labelQueue + ' ' + queue +
			(wait != null && wait !== '' ? ' · ' + el.dataset.labelWait + ' ' + wait + ' ' + el.dataset.labelMinutes : '')));
		return box;
	}

	function place(row) {
		var lon = parseFloat(row.dataset.lon);
		var lat = parseFloat(row.dataset.lat);
		if (isNaN(lon) || isNaN(lat)) {
			return;
		}
		var id = row.dataset.id;
		var status = row.dataset.status;
		var crowded = row.classList.contains('crowded');
		var queue = row.querySelector('[data-field=queueLength]').textContent;
		var wait = row.dataset.wait;
		var style = { radius: crowded ? 11 : 8, color: crowded ? '#8b0000' : '#333', weight: crowded ? 3 : 1,
			fillColor: colours[status] || '#999', fillOpacity: 0.9 };
		var name = row.querySelector('[data-field=name]').textContent;
		if (markers[id]) {
			markers[id].setStyle(style);
			markers[id].setRadius(style.radius);
			markers[id].setTooltipContent(tooltip(name, status, queue, wait, crowded));
		}
		else {
			markers[id] = L.circleMarker([lat, lon], style).addTo(map);
			markers[id].bindTooltip(tooltip(name, status, queue, wait, crowded));
			markers[id].on('click', function () {
				row.scrollIntoView({ block: 'center' });
				row.classList.add('flash');
				setTimeout(function () { row.classList.remove('flash'); }, 1500);
			});
		}
	}

	var rows = table.querySelectorAll('tbody tr[data-id]');
	var points = [];
	rows.forEach(function (row) {
		var waitCell = row.querySelector('[data-field=waitMinutes]');
		row.dataset.wait = /\d/.test(waitCell.textContent) ? waitCell.textContent.replace(/\D+/g, '') : '';
		place(row);
		if (row.dataset.lat && row.dataset.lon) {
			points.push([parseFloat(row.dataset.lat), parseFloat(row.dataset.lon)]);
		}
	});
	if (points.length > 0) {
		map.fitBounds(points, { padding: [30, 30], maxZoom: 15 });
	}
	else {
		map.setView([30, 114], 4);
	}

	function update(site) {
		var row = document.getElementById('site-' + site.id);
		if (!row) {
			// a site registered after the page opened
			var none = document.getElementById('no-sites');
			if (none) {
				none.remove();
			}
			row = document.createElement('tr');
			row.id = 'site-' + site.id;
			row.dataset.id = site.id;
			['code', 'name', 'status', 'queueLength', 'waitMinutes', 'capacity', 'statusAt'].forEach(function (f) {
				var td = document.createElement('td');
				td.dataset.field = f;
				row.appendChild(td);
			});
			row.children[0].className = 'mono';
			row.children[0].textContent = site.code;
			row.children[1].textContent = site.name;
			row.children[5].textContent = site.capacityPerHour;
			row.children[2].appendChild(document.createElement('span'));
			table.querySelector('tbody').appendChild(row);
		}
		if (site.lon != null && site.lat != null) {
			row.dataset.lon = site.lon;
			row.dataset.lat = site.lat;
		}
		row.dataset.status = site.status;
		row.dataset.wait = site.waitMinutes == null ? '' : site.waitMinutes;
		row.classList.toggle('crowded', site.crowded);
		var badge = row.querySelector('[data-field=status] span');
		badge.className = 'badge ' + site.status;
		badge.textContent = statusText(site.status);
		row.querySelector('[data-field=queueLength]').textContent = site.queueLength;
		row.querySelector('[data-field=waitMinutes]').textContent =
			site.waitMinutes == null ? '—' : site.waitMinutes + ' ' + el.dataset.labelMinutes;
		row.querySelector('[data-field=statusAt]').textContent = when(site.statusAt);
		row.classList.add('flash');
		setTimeout(function () { row.classList.remove('flash'); }, 1500);
		place(row);
	}

	var source = new EventSource(el.dataset.stream);
	source.addEventListener('hello', function () {
		live.dataset.state = 'connected';
		live.textContent = live.dataset.connected;
	});
	source.addEventListener('site', function (event) {
		update(JSON.parse(event.data));
	});
	source.onerror = function () {
		// EventSource reconnects by itself; say so meanwhile
		live.dataset.state = 'lost';
		live.textContent = live.dataset.lost;
	};
})();
