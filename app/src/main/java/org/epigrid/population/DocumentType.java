package org.epigrid.population;

/**
 * Kinds of identity document a person is registered with.
 */
public enum DocumentType {

	/** 居民身份证, validated by GB 11643. */
	RESIDENT_ID,
	/** 护照. */
	PASSPORT,
	/** 港澳居民来往内地通行证. */
	HK_MACAO_PERMIT,
	/** 台湾居民来往大陆通行证. */
	TAIWAN_PERMIT,
	/** 外国人永久居留身份证. */
	FOREIGN_PERMANENT_ID,
	/** Any other document. */
	OTHER

}
