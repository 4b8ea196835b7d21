namespace Exchange.Adapters.Formats.Fhir;

/// <summary>The systems of the hub's certification profile on FHIR R4 <c>Observation</c> (docs/adapters.md).</summary>
public static class FhirCertificationProfile
{
    /// <summary>The resident id (GB 11643) identifier system, the OID of the Chinese resident identity card.</summary>
    public const string ResidentIdSystem = "urn:oid:2.16.156.10011.1.1";

    /// <summary>The hub's own name for the resident id system, accepted as well.</summary>
    public const string ResidentIdNamingSystem = "https://graduate-exchange.org/fhir/NamingSystem/resident-id";

    /// <summary>Unified social credit codes (GB 32100) of organisations.</summary>
    public const string CreditCodeSystem = "https://graduate-exchange.org/fhir/NamingSystem/uscc";

    /// <summary>Certificate numbers as issued (they may embed the resident id; removed at the door).</summary>
    public const string CertificateNumberSystem = "https://graduate-exchange.org/fhir/NamingSystem/certificate-number";

    /// <summary>What is certified: the codes of the hub's hardship-type list.</summary>
    public const string HardshipTypeSystem = "https://graduate-exchange.org/fhir/CodeSystem/hardship-type";

    /// <summary>Component codes: <c>disability-category</c> and <c>disability-grade</c>.</summary>
    public const string ComponentSystem = "https://graduate-exchange.org/fhir/CodeSystem/certification-component";

    /// <summary>The extension (valueCode, GB/T 2260) naming the region the issuing bureau serves.</summary>
    public const string IssuerRegionExtension = "https://graduate-exchange.org/fhir/StructureDefinition/issuer-region";

    /// <summary>Stable problem codes of the certification mapper.</summary>
    public static class ProblemCodes
    {
#pragma warning disable CS1591 // The names are their own documentation; docs/adapters.md lists the meanings.
        public const string NotBundle = "fhir.not-bundle";
        public const string Invalid = "fhir.invalid";
        public const string UnsupportedResource = "fhir.unsupported-resource";
        public const string Missing = "fhir.missing";
        public const string UnmappedStatus = "fhir.unmapped-status";
        public const string UnmappedCode = "fhir.unmapped-code";
        public const string UnmappedSubject = "fhir.unmapped-subject";
        public const string UnmappedPerformer = "fhir.unmapped-performer";
        public const string UnmappedComponent = "fhir.unmapped-component";
#pragma warning restore CS1591
    }
}
