/** Teams: groups of accounts that own a namespace and share collections, with owners, members and invites. */
package org.sregistry.team;
