package org.epigrid.security.web;

import java.util.List;

import org.epigrid.security.CurrentCaller;
import org.epigrid.security.Device;
import org.epigrid.security.DeviceTokens;
import org.epigrid.security.DeviceTokens.IssuedDeviceToken;
import org.epigrid.security.DeviceTokens.NewDevice;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.web.ApiController;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Device tokens for gates, venue scanners and checkpoints (administrators), and a
 * device's view of itself.
 */
@ApiController
@RequestMapping("/api/v1")
class DeviceTokenApiController {

	private final DeviceTokens devices;

	DeviceTokenApiController(DeviceTokens devices) {
		this.devices = devices;
	}

	@PostMapping("/device-tokens")
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<IssuedDeviceToken> issue(@RequestBody DeviceRequest body) {
		Device.Kind kind = null;
		if (body.kind() != null) {
			try {
				kind = Device.Kind.valueOf(body.kind());
			}
			catch (IllegalArgumentException ex) {
				throw FieldErrorsException.of("kind", "must be GATE, VENUE, CHECKPOINT, LAB or DISPATCH");
			}
		}
		IssuedDeviceToken issued = this.devices.issue(CurrentCaller.get(), new NewDevice(kind, body.ref(), body.label(),
				body.lon(), body.lat(), (body.days() == null) ? 365 : body.days()));
		return ResponseEntity.status(HttpStatus.CREATED).body(issued);
	}

	@GetMapping("/device-tokens")
	@PreAuthorize("hasRole('ADMIN')")
	List<Device> list() {
		return this.devices.list(CurrentCaller.get());
	}

	@DeleteMapping("/device-tokens/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<Void> revoke(@PathVariable long id) {
		this.devices.revoke(CurrentCaller.get(), id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/devices/me")
	@PreAuthorize("hasAuthority('DEVICE')")
	Device me() {
		return CurrentCaller.device().orElseThrow();
	}

	record DeviceRequest(String kind, Long ref, String label, Double lon, Double lat, Integer days) {
	}

}
