/**
 * Data hub: department data sources, imports that lose nothing, identity resolution,
 * duplicate marking and the person dossier (MISSION A1, A3, A5, A6, A7, A8).
 */
package org.epigrid.datahub;
