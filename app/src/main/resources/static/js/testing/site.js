// The site leader's queue field: + and - buttons (the card is swapped by htmx after each
// report, so the clicks are delegated from the document).
document.addEventListener('click', function (event) {
	var button = event.target.closest('#queue-minus, #queue-plus');
	if (!button) {
		return;
	}
	var input = document.getElementById('queueLength');
	var value = parseInt(input.value, 10);
	if (isNaN(value)) {
		value = 0;
	}
	value += (button.id === 'queue-plus') ? 1 : -1;
	input.value = Math.max(0, value);
});
