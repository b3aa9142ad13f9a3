package org.epigrid.gridops;

/**
 * What brings a grid worker to a door.
 */
public enum TaskKind {

	/** A resident who missed a testing round: fetch them to a site (未检测). */
	UNTESTED,
	/** A close contact to tell to stay where they are until quarantine (密接通知). */
	CLOSE_CONTACT,
	/** A traveller arrived from a city with risk areas, to verify (来返人员核查). */
	INBOUND_TRAVELLER

}
