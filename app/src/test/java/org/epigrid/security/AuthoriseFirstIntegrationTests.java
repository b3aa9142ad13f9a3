package org.epigrid.security;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authorisation comes before reading the request: a caller without the role gets 403
 * whatever they send, never a 400 that describes the body the endpoint expects. And
 * public endpoints answer any token.
 */
@IntegrationTest
class AuthoriseFirstIntegrationTests {

	private static final Pattern ROLES = Pattern.compile("has(?:Any)?Role\\(([^)]*)\\)");

	private static final Pattern QUOTED = Pattern.compile("'([A-Z_]+)'");

	@LocalServerPort
	int port;

	@Autowired
	UserManagement users;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
	}

	@Test
	void aGridWorkerSendingABadBodyToTheProtocolApiIsRefusedBeforeItIsRead() {
		String worker = token(Role.GRID_WORKER);
		for (String body : new String[] { "{}", "{\"rules\": 5}", "not json", "{\"rules\":" }) {
			Response refused = this.api.put(worker, "/api/v1/codes/protocol", body);
			assertThat(refused.status()).as(body + ": " + refused.body()).isEqualTo(403);
			assertThat(refused.body()).doesNotContain("rules");
		}
		// an administrator still learns what is wrong with the body
		String admin = this.api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		Response invalid = this.api.put(admin, "/api/v1/codes/protocol", "{}");
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.body()).contains("rules");
	}

	@Test
	void everyApiEndpointRefusesARoleItDoesNotAllowWhateverTheRequestCarries() {
		Map<Role, String> tokens = new java.util.EnumMap<>(Role.class);
		for (Role role : Role.values()) {
			tokens.put(role,
					(role == Role.ADMIN) ? this.api.token("admin", IntegrationTest.ADMIN_PASSWORD) : token(role));
		}
		List<String> answered = new ArrayList<>();
		int checked = 0;
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : this.mappings.getHandlerMethods().entrySet()) {
			Set<String> allowed = allowedRoles(entry.getValue());
			if (allowed == null) {
				continue;
			}
			for (String pattern : entry.getKey().getPatternValues()) {
				if (!pattern.startsWith("/api/")) {
					continue;
				}
				String path = pattern.replaceAll("\\{[^}]+}", "1") + "?page=x&size=x&from=x&to=x&day=x";
				for (RequestMethod method : entry.getKey().getMethodsCondition().getMethods()) {
					for (Role role : Role.values()) {
						if (allowed.contains(role.name())) {
							continue;
						}
						Response answer = send(method, tokens.get(role), path,
								entry.getKey()
									.getConsumesCondition()
									.getConsumableMediaTypes()
									.stream()
									.anyMatch(org.springframework.http.MediaType.MULTIPART_FORM_DATA::includes));
						checked++;
						if (answer.status() != 403) {
							answered.add(method + " " + pattern + " as " + role + ": " + answer.status() + " "
									+ answer.body());
						}
					}
				}
			}
		}
		assertThat(checked).isGreaterThan(50);
		assertThat(answered).isEmpty();
	}

	@Test
	void aPushTokenAndADeviceTokenGetThePublicKeys() {
		String admin = this.api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		Response issued = this.api.post(admin, "/api/v1/push-tokens",
				"{\"label\":\"公钥测试\",\"sources\":[\"rail-arrivals\"],\"days\":1}");
		assertThat(issued.status()).as(issued.body()).isEqualTo(201);
		String push = issued.json().get("token").asString();
		Response keys = this.api.get(push, "/api/v1/codes/keys");
		assertThat(keys.status()).as(keys.body()).isEqualTo(200);
		assertThat(keys.body()).isEqualTo(this.api.get(null, "/api/v1/codes/keys").body());
		// the push token still reaches nothing else
		assertThat(this.api.get(push, "/api/v1/persons").status()).isEqualTo(403);
		String gate = this.api.device(admin, "{\"kind\":\"GATE\",\"label\":\"公钥闸机\",\"days\":1}");
		assertThat(this.api.get(gate, "/api/v1/codes/keys").status()).isEqualTo(200);
		assertThat(this.api.get("not-a-token", "/api/v1/codes/keys").status()).isEqualTo(200);
	}

	/**
	 * The staff roles an endpoint's {@code @PreAuthorize} allows, null if it has none.
	 */
	private static Set<String> allowedRoles(HandlerMethod handler) {
		Method method = handler.getMethod();
		PreAuthorize annotation = AnnotatedElementUtils.findMergedAnnotation(method, PreAuthorize.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), PreAuthorize.class);
		}
		if (annotation == null) {
			return null;
		}
		Set<String> roles = new LinkedHashSet<>();
		Matcher call = ROLES.matcher(annotation.value());
		while (call.find()) {
			Matcher name = QUOTED.matcher(call.group(1));
			while (name.find()) {
				roles.add(name.group(1));
			}
		}
		return roles;
	}

	private Response send(RequestMethod method, String token, String path, boolean multipart) {
		String malformed = "{\"malformed\": ";
		return switch (method) {
			case GET -> this.api.get(token, path);
			case DELETE -> this.api.delete(token, path);
			case PUT -> this.api.put(token, path, malformed);
			case POST ->
				multipart ? this.api.upload(token, path, Map.of(), null, null) : this.api.post(token, path, malformed);
			default -> throw new IllegalStateException(method.name());
		};
	}

	private String token(Role role) {
		String username = "first." + role.name().toLowerCase().replace('_', '-') + "." + System.nanoTime() % 100000;
		this.users
			.create(new UserManagement.NewUser(username, username, "authorise-first-password", EnumSet.of(role), "/"));
		return this.api.token(username, "authorise-first-password");
	}

}
