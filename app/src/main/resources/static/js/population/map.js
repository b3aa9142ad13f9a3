// The grid map: grid polygons of the user's jurisdiction, buildings of the grid clicked, and
// the building → unit → household drill-down in the side panel. No base map is needed.
(function () {
	var el = document.getElementById('map');
	var map = L.map('map', { preferCanvas: true, zoomSnap: 0.25 });
	if (el.dataset.tiles) {
		L.tileLayer(el.dataset.tiles, { maxZoom: 19 }).addTo(map);
	}
	var palette = ['#2b8cbe', '#31a354', '#e6550d', '#756bb1', '#dd1c77', '#636363', '#8c6d31', '#3182bd'];
	var gridLayer = null;
	var buildingLayer = L.layerGroup().addTo(map);
	var selected = null;

	// Leaflet puts a string into a tooltip as HTML: names (typed by people, imported from
	// files) go in as text nodes instead
	function textTooltip(lines) {
		var box = document.createElement('div');
		lines.forEach(function (line, i) {
			if (i > 0) {
				box.appendChild(document.createElement('br'));
			}
			box.appendChild(document.createTextNode(line));
		});
		return box;
	}

	// one colour per village (the first 12 digits of a grid code), in the order they appear
	var villages = {};
	function villageColour(code) {
		var village = code.substring(0, 12);
		if (!(village in villages)) {
			villages[village] = Object.keys(villages).length;
		}
		return palette[villages[village] % palette.length];
	}

	function loadAreas(divisionId) {
		var url = el.dataset.areas + '?level=GRID' + (divisionId ? '&divisionId=' + divisionId : '');
		fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (geojson) {
			if (gridLayer) {
				map.removeLayer(gridLayer);
			}
			buildingLayer.clearLayers();
			gridLayer = L.geoJSON(geojson, {
				style: function (f) {
					return { color: '#333', weight: 1, fillColor: villageColour(f.properties.code), fillOpacity: 0.35 };
				},
				onEachFeature: function (f, layer) {
					layer.bindTooltip(textTooltip([f.properties.name, f.properties.households + ' ' +
						el.dataset.labelHouseholds + ' · ' + f.properties.persons + ' ' + el.dataset.labelPersons]));
					layer.on('click', function () { selectGrid(f, layer); });
				}
			}).addTo(map);
			document.getElementById('grid-count').textContent = geojson.features.length;
			el.dataset.loadedGrids = geojson.features.length;
			if (geojson.features.length > 0) {
				map.fitBounds(gridLayer.getBounds(), { padding: [10, 10] });
			}
			// a grid worker's map has one grid: open it straight away
			if (geojson.features.length === 1) {
				gridLayer.eachLayer(function (layer) { selectGrid(layer.feature, layer); });
			}
		});
	}

	function selectGrid(feature, layer) {
		if (selected) {
			gridLayer.resetStyle(selected);
		}
		selected = layer;
		layer.setStyle({ weight: 3, color: '#b30000', fillOpacity: 0.15 });
		map.fitBounds(layer.getBounds(), { padding: [20, 20] });
		fetch(el.dataset.buildings + '?divisionId=' + feature.properties.id, { credentials: 'same-origin' })
			.then(function (r) { return r.json(); })
			.then(function (geojson) {
				buildingLayer.clearLayers();
				L.geoJSON(geojson, {
					pointToLayer: function (f, latlng) {
						return L.circleMarker(latlng, { radius: 5, color: '#08306b', weight: 1, fillColor: '#fee08b', fillOpacity: 0.9 });
					},
					onEachFeature: function (f, marker) {
						marker.bindTooltip(textTooltip([f.properties.name]));
						marker.on('click', function () {
							htmx.ajax('GET', el.dataset.buildingPanel + f.properties.id, { target: '#panel' });
						});
					}
				}).addTo(buildingLayer);
				el.dataset.loadedBuildings = geojson.features.length;
			});
	}

	document.getElementById('tree').addEventListener('click', function (event) {
		var link = event.target.closest('a.focus');
		if (link) {
			event.preventDefault();
			loadAreas(link.dataset.id);
		}
	});

	loadAreas(null);
})();
