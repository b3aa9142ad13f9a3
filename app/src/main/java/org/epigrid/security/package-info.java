/**
 * Users, roles, jurisdictions, API tokens, masking policy and the audit log.
 */
package org.epigrid.security;
