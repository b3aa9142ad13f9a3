// Trajectories on the map: one case's places with their times (data-trajectory), or several
// cases overlaid with their space-time intersections circled (data-overlay).
(function () {
	var el = document.getElementById('trace-map');
	if (!el) {
		return;
	}
	// after the style sheets: a map made before its container has its height draws
	// stretched markers
	if (document.readyState !== 'complete') {
		window.addEventListener('load', start);
	} else {
		start();
	}

	function start() {
	var colours = ['#c62828', '#1565c0', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#5d4037', '#ad1457'];
	document.querySelectorAll('.legend-swatch').forEach(function (s) {
		s.style.background = colours[Number(s.dataset.index) % colours.length];
	});
	var map = L.map('trace-map', { zoomSnap: 0.25 });
	if (el.dataset.tiles) {
		L.tileLayer(el.dataset.tiles, { maxZoom: 19 }).addTo(map);
	}
	map.setView([31.3, 120.6], 12);
	// the grids of the caller's jurisdiction under the places, for orientation
	if (el.dataset.areas) {
		fetch(el.dataset.areas, { credentials: 'same-origin' }).then(function (r) {
			return r.ok ? r.json() : null;
		}).then(function (geojson) {
			if (geojson) {
				L.geoJSON(geojson, {
					interactive: false,
					style: function () { return { color: '#7a8794', weight: 1, fillColor: '#dfe6ec', fillOpacity: 0.5 }; }
				}).addTo(map).bringToBack();
			}
		});
	}

	function two(n) {
		return (n < 10 ? '0' : '') + n;
	}

	function when(iso) {
		var d = new Date(iso);
		return two(d.getMonth() + 1) + '-' + two(d.getDate()) + ' ' + two(d.getHours()) + ':' + two(d.getMinutes());
	}

	function popup(stop) {
		var box = document.createElement('div');
		var b = document.createElement('b');
		b.textContent = stop.name;
		box.appendChild(b);
		box.appendChild(document.createElement('br'));
		box.appendChild(document.createTextNode(when(stop.from) + ' – ' + when(stop.to).substring(6)));
		return box;
	}

	var bounds = [];
	var drawn = 0;

	function draw(trajectory, colour) {
		var line = [];
		trajectory.stops.forEach(function (stop) {
			var at = [stop.lat, stop.lon];
			line.push(at);
			bounds.push(at);
			L.circleMarker(at, { radius: 6, color: colour, weight: 2, fillColor: colour, fillOpacity: 0.7 })
				.bindPopup(popup(stop)).addTo(map);
			drawn++;
		});
		if (line.length > 1) {
			L.polyline(line, { color: colour, weight: 2, opacity: 0.6, dashArray: '4 4' }).addTo(map);
		}
	}

	function fit() {
		el.dataset.stops = String(drawn);
		if (bounds.length > 0) {
			map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16, animate: false });
		}
		el.dataset.ready = 'true';
	}

	var url = el.dataset.trajectory || el.dataset.overlay;
	fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (r) {
		return r.ok ? r.json() : null;
	}).then(function (data) {
		if (!data) {
			fit();
			return;
		}
		if (el.dataset.trajectory) {
			draw(data, colours[0]);
		} else {
			data.trajectories.forEach(function (t, i) {
				draw(t, colours[i % colours.length]);
			});
			data.intersections.forEach(function (x) {
				L.circle([x.stopA.lat, x.stopA.lon], { radius: Math.max(30, x.metres), color: '#000', weight: 3, fill: false })
					.bindPopup(x.stopA.name + ' · ' + when(x.from)).addTo(map);
			});
			el.dataset.intersections = String(data.intersections.length);
		}
		fit();
	});
	}
})();
