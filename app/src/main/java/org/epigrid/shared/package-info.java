/**
 * Small shared kernel: identity-document and phone value objects, masking, paths, clock,
 * errors. Every module may use it; it uses none.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.epigrid.shared;
