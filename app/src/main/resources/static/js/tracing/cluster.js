// A transmission cluster as a graph (ECharts): its cases by generation, infector to infectee
// with arrows, and the close and secondary contacts of its cases around them. A click on a
// case opens it.
(function () {
	var el = document.getElementById('cluster-graph');
	if (!el || typeof echarts === 'undefined') {
		return;
	}
	var generationColours = ['#b71c1c', '#ef6c00', '#6a1b9a', '#1565c0', '#2e7d32', '#00838f'];
	var d = el.dataset;
	fetch(d.cluster, { credentials: 'same-origin' }).then(function (r) {
		return r.ok ? r.json() : null;
	}).then(function (cluster) {
		if (!cluster) {
			return;
		}
		var nodes = [];
		var links = [];
		var caseOfPerson = {};
		var maxGeneration = 0;
		cluster.cases.forEach(function (c) {
			maxGeneration = Math.max(maxGeneration, c.generation);
			if (c.personId != null) {
				caseOfPerson[c.personId] = 'c' + c.caseId;
			}
		});
		var categories = [];
		for (var g = 0; g <= maxGeneration; g++) {
			categories.push({ name: d.labelGeneration.replace('{0}', g + 1),
				itemStyle: { color: generationColours[g % generationColours.length] } });
		}
		var closeCategory = categories.length;
		categories.push({ name: d.labelClose, itemStyle: { color: '#ef9a9a' } });
		cluster.cases.forEach(function (c) {
			var label = d.labelCase.replace('{0}', c.caseId) + (c.maskedName ? ' ' + c.maskedName : '')
				+ (c.inJurisdiction ? '' : ' (' + d.labelOutside + ')');
			nodes.push({ id: 'c' + c.caseId, name: label, category: c.generation, symbolSize: 34,
				caseId: c.inJurisdiction ? c.caseId : null, label: { show: true }, value: c.generation + 1 });
			if (c.infectorCaseId != null) {
				links.push({ source: 'c' + c.infectorCaseId, target: 'c' + c.caseId,
					lineStyle: { width: 3, color: '#b71c1c', curveness: 0.1 }, symbol: ['none', 'arrow'], symbolSize: 10 });
			}
		});
		// close contacts as small nodes; secondary contacts only counted on the close
		// contact they came through (thousands of them would hide the chain)
		var seen = {};
		var secondaryVia = {};
		cluster.contacts.forEach(function (k) {
			if (k.level === 'SECONDARY') {
				var via = k.viaPersonId != null ? k.viaPersonId : 'case' + k.caseId;
				secondaryVia[via] = (secondaryVia[via] || 0) + 1;
			}
		});
		cluster.contacts.forEach(function (k) {
			if (k.level !== 'CLOSE') {
				return;
			}
			var id = 'p' + k.personId;
			if (!seen[id]) {
				seen[id] = true;
				var more = secondaryVia[k.personId] || 0;
				nodes.push({ id: id, category: closeCategory, symbolSize: 8 + Math.min(12, Math.sqrt(more)),
					name: d.labelPerson.replace('{0}', k.personId) + (more ? ' · ' + d.labelSecondary + ' ' + more : '') });
			}
			links.push({ source: 'c' + k.caseId, target: id, lineStyle: { width: 1, color: '#c8ced4' } });
		});
		var chart = echarts.init(el);
		chart.setOption({
			animation: false,
			tooltip: { formatter: function (p) { return p.dataType === 'node' ? p.data.name : ''; } },
			legend: [{ data: categories.map(function (c) { return c.name; }), top: 4 }],
			series: [{
				type: 'graph', layout: 'force', roam: true, draggable: true, categories: categories,
				data: nodes, links: links, edgeSymbol: ['none', 'none'], zoom: nodes.length < 40 ? 2 : (nodes.length < 200 ? 1.2 : 0.8),
				force: { repulsion: 60, edgeLength: [15, 80], gravity: 0.15, layoutAnimation: false },
				label: { position: 'right', fontSize: 12 }
			}]
		});
		chart.on('click', function (p) {
			if (p.dataType === 'node' && p.data.caseId != null) {
				window.location.href = d.caseUrl + p.data.caseId;
			}
		});
		window.addEventListener('resize', function () { chart.resize(); });
		el.dataset.ready = String(nodes.length);
	});
})();
