/**
 * Codes: health-code status from the disease protocol's rules, signed dynamic QR codes,
 * gate and venue verification, resident access (MISSION C1–C9, K1, K2).
 */
package org.epigrid.codes;
