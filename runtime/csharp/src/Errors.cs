using System;

namespace OssgenRuntime
{
    /// <summary>
    /// Base of every exception this library throws. A ServiceException when the service answered with an
    /// error (a redirect included: none is ever followed), a RequestValidationException when a request breaks
    /// the model's rules (nothing was sent), an IntegrityException when a CRC-64 does not match, a
    /// ProtocolException when an answer cannot be believed, a TransportException when the connection failed,
    /// was cut short or ran out of time (TransportTimeoutException), a ConfigurationException when the client
    /// cannot be built. Cancellation through a CancellationToken is an OperationCanceledException, as in .NET.
    /// </summary>
    public class SdkException : Exception
    {
        /// <summary>An error with this message.</summary>
        public SdkException(string message) : base(message)
        {
        }

        /// <summary>An error with this message, caused by inner.</summary>
        public SdkException(string message, Exception inner) : base(message, inner)
        {
        }
    }

    /// <summary>The service answered with an error. The generated ServiceErrors has a subclass per modelled code.</summary>
    public class ServiceException : SdkException
    {
        /// <summary>An error answer: the service's message, code, HTTP status, request ID, host ID and detailed code.</summary>
        public ServiceException(string serviceMessage, string code, int status, string requestId, string hostId, string ec)
            : base(Describe(serviceMessage, code, status, requestId))
        {
            ServiceMessage = serviceMessage ?? "";
            Code = code ?? "";
            Status = status;
            RequestId = requestId;
            HostId = hostId;
            EC = ec;
        }

        /// <summary>The service's error code ("" when the answer named none).</summary>
        public string Code { get; private set; }

        /// <summary>The HTTP status.</summary>
        public int Status { get; private set; }

        /// <summary>The service's message, as it sent it.</summary>
        public string ServiceMessage { get; private set; }

        /// <summary>The request's ID, for the service's support (from the error document or the response header).</summary>
        public string RequestId { get; private set; }

        /// <summary>The host the request went to, as the service named it.</summary>
        public string HostId { get; private set; }

        /// <summary>The service's detailed error code (its EC field; null when the answer has none).</summary>
        public string EC { get; private set; }

        /// <summary>True when the model marks this error as worth retrying (with backoff).</summary>
        public virtual bool Retryable
        {
            get { return false; }
        }

        private static string Describe(string message, string code, int status, string requestId)
        {
            string text = string.IsNullOrEmpty(code) ? "HTTP " + status : code + " (HTTP " + status + ")";
            if (!string.IsNullOrEmpty(message)) text += ": " + message;
            if (requestId != null) text += " [request id " + requestId + "]";
            return text;
        }
    }

    /// <summary>
    /// A request breaks one of the model's rules; it was not sent. Code is the code the service would answer
    /// with, Member the request property at fault (when there is one).
    /// </summary>
    public class RequestValidationException : SdkException
    {
        /// <summary>A request refused before sending: the message, the error code the service would give, and the member.</summary>
        public RequestValidationException(string message, string code, string member) : base(message)
        {
            Code = code;
            Member = member;
        }

        /// <summary>The error code the service would answer with (InvalidArgument, MissingArgument...).</summary>
        public string Code { get; private set; }

        /// <summary>The request member at fault, as the message names it.</summary>
        public string Member { get; private set; }
    }

    /// <summary>The client cannot be built from the settings given. The message names the setting, never its value.</summary>
    public class ConfigurationException : SdkException
    {
        /// <summary>A setting that cannot be used; the message names it, never its value.</summary>
        public ConfigurationException(string message) : base(message)
        {
        }
    }

    /// <summary>The CRC-64 the service returned is not the one computed over the bytes sent or received.</summary>
    public class IntegrityException : SdkException
    {
        /// <summary>A CRC-64 mismatch: the value computed locally and the one the service returned.</summary>
        public IntegrityException(string message, ulong expected, ulong actual) : base(message)
        {
            Expected = expected;
            Actual = actual;
        }

        /// <summary>The CRC-64 computed over the bytes sent or received.</summary>
        public ulong Expected { get; private set; }

        /// <summary>The CRC-64 the service returned.</summary>
        public ulong Actual { get; private set; }
    }

    /// <summary>
    /// An answer this client cannot believe (a missing or malformed header, an append answer whose next
    /// position is not the position plus the bytes sent). The request may have been applied.
    /// </summary>
    public class ProtocolException : SdkException
    {
        /// <summary>An answer that does not follow the protocol (the message says how).</summary>
        public ProtocolException(string message) : base(message)
        {
        }
    }

    /// <summary>
    /// The exchange failed: connection refused or reset, an answer cut short, or no answer in time.
    /// OutcomeUnknown is true when the request may have reached the service.
    /// </summary>
    public class TransportException : SdkException
    {
        /// <summary>A failed exchange; outcomeUnknown when the request may have reached the service.</summary>
        public TransportException(string message, bool outcomeUnknown, Exception inner = null)
            : base(message, inner)
        {
            OutcomeUnknown = outcomeUnknown;
        }

        /// <summary>True when the request may have reached the service (an append may then have been applied).</summary>
        public bool OutcomeUnknown { get; private set; }

        /// <summary>True when the exchange ran out of time (TransportTimeoutException).</summary>
        public virtual bool TimedOut
        {
            get { return false; }
        }
    }

    /// <summary>No complete answer in time (the idle limit, the answer limit, or the call's OperationTimeout).</summary>
    public class TransportTimeoutException : TransportException
    {
        /// <summary>No complete answer in time; outcomeUnknown when the request may have reached the service.</summary>
        public TransportTimeoutException(string message, bool outcomeUnknown) : base(message, outcomeUnknown)
        {
        }

        /// <summary>Always true.</summary>
        public override bool TimedOut
        {
            get { return true; }
        }
    }
}
